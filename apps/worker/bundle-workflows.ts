import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { bundleWorkflows } from '@app/temporal';

/**
 * `npm run build` step: bundles the workflows once, so that a worker starts in
 * a second instead of running webpack at every start.
 */
async function main(): Promise<void> {
  const target = resolve(__dirname, '../../workflow-bundle.js');
  const { code } = await bundleWorkflows();
  await writeFile(target, code);
  console.log(`Workflow bundle written to ${target} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
