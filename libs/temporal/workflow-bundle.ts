import { resolve } from 'node:path';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import type { WorkerOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './connection-options';

/** The workflow bundle's entry point (workflows/index), from the sources or from dist. */
export const WORKFLOWS_PATH = resolve(__dirname, '../../workflows');

type WebpackConfigHook = NonNullable<
  NonNullable<WorkerOptions['bundlerOptions']>['webpackConfigHook']
>;

/**
 * Workflow code runs in Temporal's deterministic sandbox and is bundled with
 * webpack, which does not read tsconfig paths: the one alias workflow code may
 * use (`@app/domain`, pure code) is declared here.
 */
const addPathAliases: WebpackConfigHook = (config) => {
  config.resolve = config.resolve ?? {};
  config.resolve.alias = {
    ...(config.resolve.alias as object),
    '@app/domain': resolve(__dirname, '../domain'),
  };
  return config;
};

/**
 * Worker options that bundle the workflows from source when the worker starts
 * (development, tests); the worker's data converter (encryptingDataConverter)
 * gives the bundler its failure converter.
 */
export function workflowSourceOptions(): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> {
  return { workflowsPath: WORKFLOWS_PATH, bundlerOptions: { webpackConfigHook: addPathAliases } };
}

/**
 * Bundles the workflows once (at build time, or once per test run), with the
 * failure converter that encodes failure messages: a workflow's own failures
 * (an update's rejection, a failed workflow) are converted inside the sandbox.
 */
export async function bundleWorkflows(): Promise<{ code: string }> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    webpackConfigHook: addPathAliases,
    logger: new DefaultLogger('WARN'),
  });
}
