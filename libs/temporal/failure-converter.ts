import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into histories (an activity's last
 * failure, an update's rejection, a failed workflow) and can name a patient,
 * an address, a document. With `encodeCommonAttributes` they travel as a
 * payload, which the payload codec encrypts; the server keeps "Encoded failure".
 *
 * Loaded by path (see encryptingDataConverter): clients and activities
 * `require()` it, and the workflow bundle includes it, so it runs in the
 * workflow sandbox too and may import nothing but @temporalio/common.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
