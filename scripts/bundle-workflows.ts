/** Bundles the workflow code once at build time (dist/workflow-bundle.js) so workers start fast. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '../platform/workflow-bundle';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    // Issue 12: the domain modules preloaded once per workflow thread (platform/workflow-bundle.ts).
    ...workflowBundleOptions(),
    logger: {
      info() {},
      warn: console.warn,
      error: console.error,
      debug() {},
      trace() {},
      log() {},
    } as never,
  });
  const out = join(__dirname, '..', 'workflow-bundle.js');
  writeFileSync(out, code);
  console.log(`workflow bundle: ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
