import { readFile } from 'node:fs/promises';
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

/** The same data converter on every client and worker: payloads are encrypted with the configured keys. */
export function encryptingDataConverter(keys: readonly CodecKey[]): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)] };
}
