/** Builds the staff console (apps/console) into dist/console: one bundled script, the page, the styles. */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

async function main(): Promise<void> {
  const source = join(__dirname, '..', '..', 'apps', 'console');
  const out = join(__dirname, '..', 'console');
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(source, 'src', 'main.ts')],
    bundle: true,
    format: 'iife',
    target: ['chrome100', 'edge100', 'firefox100'],
    minify: true,
    sourcemap: true,
    outfile: join(out, 'app.js'),
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) copyFileSync(join(source, file), join(out, file));
  console.log(`console: ${out} (app.js ${(statSync(join(out, 'app.js')).size / 1024).toFixed(0)} KiB)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
