import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, CodecKey } from './payload-codec';

export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
  tls?: { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
  apiKey?: string;
}

/** Options accepted by both `Connection` (client) and `NativeConnection` (worker). */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

/**
 * Connection options for a client or a worker: plain on the local dev server,
 * mutual TLS or an API key on a shared cluster or Temporal Cloud.
 */
export async function connectionOptions(
  target: TemporalTarget,
): Promise<TemporalConnectionOptions> {
  const options: TemporalConnectionOptions = { address: target.address };
  if (target.tls) {
    const { certPath, keyPath, caPath, serverName } = target.tls;
    options.tls = {
      serverNameOverride: serverName,
      serverRootCACertificate: caPath ? await readFile(caPath) : undefined,
      clientCertPair:
        certPath && keyPath
          ? { crt: await readFile(certPath), key: await readFile(keyPath) }
          : undefined,
    };
  }
  if (target.apiKey) {
    options.apiKey = target.apiKey;
    options.tls ??= {};
  }
  return options;
}

/**
 * The module of the failure converter that encodes messages and stack traces
 * (without extension: `.ts` from the sources, `.js` from dist). The SDK takes a
 * failure converter by path only, so that workflow bundles can include it.
 */
export const FAILURE_CONVERTER_PATH = resolve(__dirname, 'failure-converter');

/**
 * The same data converter on every client and worker: payloads, failure
 * messages and stack traces are encrypted with the configured keys, and
 * payloads they cannot decrypt (plaintext, forged, of an unknown key) are refused.
 */
export function encryptingDataConverter(keys: readonly CodecKey[]): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(keys)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}
