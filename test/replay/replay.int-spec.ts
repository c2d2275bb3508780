import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DeterminismViolationError } from '@temporalio/workflow';
import { ReplayWorkerOptions, Worker, bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { encryptingDataConverter } from '@app/temporal';
import { TEST_PAYLOAD_KEYS, testEnvironment } from '../support/test-environment';

const HISTORIES = join(__dirname, 'histories');

/**
 * The replay gate: every recorded history of the pathway workflow (each one a
 * pathway that could still be running somewhere) must replay against the
 * current workflow code. A change that would break running pathways fails here.
 */
describe('replay of recorded pathway histories', () => {
  async function histories() {
    const files = (await readdir(HISTORIES)).filter((f) => f.endsWith('.json')).sort();
    return Promise.all(
      files.map(async (file) => ({
        workflowId: file,
        history: JSON.parse(await readFile(join(HISTORIES, file), 'utf8')) as unknown,
      })),
    );
  }

  async function replayAll(options: ReplayWorkerOptions) {
    const results: { file: string; error?: unknown }[] = [];
    for await (const result of Worker.runReplayHistories(options, await histories())) {
      results.push({ file: result.workflowId, error: result.error });
    }
    return results;
  }

  it('replays every recorded history against the current workflow code', async () => {
    const results = await replayAll({
      workflowBundle: { codePath: testEnvironment().workflowBundlePath },
      dataConverter: encryptingDataConverter(TEST_PAYLOAD_KEYS),
    });
    expect(results.length).toBeGreaterThanOrEqual(30);
    expect(results.filter((r) => r.error)).toEqual([]);
  });

  it('catches a workflow change that running pathways could not survive', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/incompatible-workflow'),
      logger: new DefaultLogger('WARN'),
    });
    const results = await replayAll({
      workflowBundle: { code },
      dataConverter: encryptingDataConverter(TEST_PAYLOAD_KEYS),
    });
    expect(results.length).toBeGreaterThanOrEqual(30);
    for (const result of results) expect(result.error).toBeInstanceOf(DeterminismViolationError);
  });
});
