/** Builds the staff console (apps/console) into dist/console: the start script, one chunk per page, the page, the styles. */
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

async function main(): Promise<void> {
  const source = join(__dirname, '..', '..', 'apps', 'console');
  const out = join(__dirname, '..', 'console');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(source, 'src', 'main.ts')],
    bundle: true,
    // Each page is a chunk of its own, loaded when first visited (router.ts).
    format: 'esm',
    splitting: true,
    entryNames: 'app',
    chunkNames: '[name]-[hash]',
    target: ['chrome100', 'edge100', 'firefox100'],
    minify: true,
    sourcemap: true,
    outdir: out,
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) copyFileSync(join(source, file), join(out, file));
  // The applicants' portal (issue 14), served beside the console at /portal/.
  const portal = join(__dirname, '..', '..', 'apps', 'portal');
  mkdirSync(join(out, 'portal'), { recursive: true });
  await build({
    entryPoints: [join(portal, 'src', 'main.ts')],
    bundle: true,
    format: 'esm',
    target: ['chrome100', 'edge100', 'firefox100'],
    minify: true,
    sourcemap: true,
    outfile: join(out, 'portal', 'portal.js'),
    logLevel: 'warning',
  });
  copyFileSync(join(portal, 'index.html'), join(out, 'portal', 'index.html'));
  const kib = (f: string) => statSync(join(out, f)).size / 1024;
  const chunks = readdirSync(out).filter((f) => f.endsWith('.js') && f !== 'app.js');
  const total = chunks.reduce((sum, f) => sum + kib(f), kib('app.js'));
  console.log(
    `console: ${out} (app.js and ${chunks.length} chunks, ${total.toFixed(0)} KiB in all; portal/portal.js ${kib(join('portal', 'portal.js')).toFixed(0)} KiB)`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
