import { httpBody } from '../transport';
import { SANDBOX_PATHS } from './options';
import type { HttpAnswer } from './soap-endpoint';
import type { SandboxStore } from './store';

/**
 * For demos: what the sandbox received, as JSON (GET /sandbox/submissions),
 * and each filing's raw ITI-41 request and CDA, byte for byte with their
 * content types (…/{uniqueId}/request, …/{uniqueId}/cda).
 */
export async function answerSubmissions(
  pathname: string,
  store: SandboxStore,
): Promise<HttpAnswer | undefined> {
  if (pathname === SANDBOX_PATHS.submissions) {
    const documents = await store.documents();
    return {
      status: 200,
      body: httpBody('application/json; charset=utf-8', [
        Buffer.from(JSON.stringify(documents, null, 2), 'utf8'),
      ]),
    };
  }
  const match = new RegExp(`^${SANDBOX_PATHS.submissions}/([0-9.]+)/(request|cda)$`).exec(pathname);
  if (!match) return undefined;
  const [, uniqueId, part] = match;
  const submission = await store.submission(uniqueId);
  if (!submission) {
    return {
      status: 404,
      body: httpBody('text/plain; charset=utf-8', [Buffer.from(`no submission ${uniqueId}\n`)]),
    };
  }
  return {
    status: 200,
    body:
      part === 'request'
        ? httpBody(submission.contentType, [submission.body])
        : httpBody('text/xml; charset=utf-8', [submission.cda]),
  };
}
