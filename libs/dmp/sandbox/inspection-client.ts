import { request as httpsRequest } from 'node:https';
import type { TlsCredentials } from '../transport';

export interface SandboxPage {
  status: number;
  contentType: string;
  body: Buffer;
}

/** The CAs to trust, and the client certificate to show, if any (none: to see the sandbox refuse). */
export type SandboxTls = Pick<TlsCredentials, 'caPem'> &
  Partial<Pick<TlsCredentials, 'privateKeyPem' | 'certificatePem' | 'chainPem'>>;

/**
 * GETs a page of the sandbox (its web portal, or what it received under
 * /sandbox/submissions) over its mutual TLS, as a browser holding the
 * structure's certificate would. Any status is an answer, for the caller to judge.
 */
export function getFromSandbox(url: string, tls: SandboxTls): Promise<SandboxPage> {
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(url, {
      method: 'GET',
      ca: [...tls.caPem],
      ...(tls.privateKeyPem && tls.certificatePem
        ? {
            key: tls.privateKeyPem,
            cert: [tls.certificatePem, ...(tls.chainPem ?? [])].join('\n'),
          }
        : {}),
      agent: false,
    });
    outgoing.on('error', reject);
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolve({
          status: incoming.statusCode ?? 0,
          contentType: incoming.headers['content-type'] ?? '',
          body: Buffer.concat(chunks),
        }),
      );
    });
    outgoing.end();
  });
}
