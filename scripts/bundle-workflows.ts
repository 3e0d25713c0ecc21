/** Bundles the workflow code once at build time (dist/workflow-bundle.js) so workers start fast. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    // Issue 10: the request id from a handler's headers to the activities it schedules.
    workflowInterceptorModules: [require.resolve('../workflows/interceptors')],
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
