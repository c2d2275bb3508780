import { resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { BundleOptions } from '@temporalio/worker';

/** The workflow bundle's entry point (workflows/index), from the sources or from dist. */
export const WORKFLOWS_PATH = resolve(__dirname, '../../workflows');

/**
 * Workflow code runs in Temporal's deterministic sandbox and is bundled with
 * webpack, which does not read tsconfig paths: the one alias workflow code may
 * use (`@app/domain`, pure code) is declared here.
 */
export function workflowBundleOptions(): BundleOptions {
  return {
    workflowsPath: WORKFLOWS_PATH,
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = { ...(config.resolve.alias as object), '@app/domain': resolve(__dirname, '../domain') };
      return config;
    },
  };
}

export async function bundleWorkflows(): Promise<{ code: string }> {
  return bundleWorkflowCode({ ...workflowBundleOptions(), logger: undefined });
}
