import type { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { HttpAnswer } from './soap-endpoint';

/**
 * The sandbox's one HTTPS server, with the DMP's mutual TLS: a client without
 * a certificate, or with one no trusted CA issued (or expired), fails the
 * handshake and never reaches a route. Reads each body whole (SOAP needs all
 * of it, and ITI-41 keeps it as received), then hands it to the router.
 */

export interface SandboxRequest {
  method: string;
  url: URL;
  contentType: string;
  body: Buffer;
  /** The client's certificate, as verified by the handshake. */
  peerCertificate: X509Certificate | undefined;
}

export type SandboxRouter = (request: SandboxRequest) => Promise<HttpAnswer>;

export interface HttpsServerOptions {
  host: string;
  port: number;
  serverTls: { privateKeyPem: string; certificatePem: string; chainPem?: readonly string[] };
  trustedCaPem: readonly string[];
  route: SandboxRouter;
  log: (line: string) => void;
  /** A bigger request is answered 413; 64 MiB by default (a document is a few MB). */
  maxBodyBytes?: number;
}

export interface RunningServer {
  port: number;
  /** `https://host:port` as a client reaches it (a wildcard address on the loopback). */
  origin: string;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function startHttpsServer(options: HttpsServerOptions): Promise<RunningServer> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const server: Server = createServer(
    {
      key: options.serverTls.privateKeyPem,
      cert: [options.serverTls.certificatePem, ...(options.serverTls.chainPem ?? [])].join('\n'),
      ca: [...options.trustedCaPem],
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (request, response) => {
      serve(request, response, options, maxBodyBytes).catch((error: unknown) => {
        options.log(`request failed: ${error instanceof Error ? error.name : 'unknown error'}`);
        if (!response.headersSent) writePlain(response, 500, 'internal error\n');
        else response.destroy();
      });
    },
  );
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
    // A certificate that fails verification only shows as a reset, its reason on the socket.
    options.log(
      `TLS handshake refused: ${String(socket.authorizationError ?? error.code ?? error.message)}`,
    );
  });
  server.listen(options.port, options.host);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error as Error)),
  ]);
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `https://${urlHost(options.host)}:${port}`,
    close: async () => {
      if (!server.listening) return;
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}

async function serve(
  request: IncomingMessage,
  response: ServerResponse,
  options: HttpsServerOptions,
  maxBodyBytes: number,
): Promise<void> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBodyBytes) {
    writePlain(response, 413, `request larger than ${maxBodyBytes} bytes\n`);
    request.destroy();
    return;
  }
  const body = await readBody(request, maxBodyBytes);
  if (!body) {
    writePlain(response, 413, `request larger than ${maxBodyBytes} bytes\n`);
    request.destroy();
    return;
  }
  const answer = await options.route({
    method: request.method ?? 'GET',
    // The host is irrelevant: routes match the path and read the query.
    url: new URL(request.url ?? '/', 'https://dmp-sandbox.invalid'),
    contentType: request.headers['content-type'] ?? '',
    body,
    peerCertificate: (request.socket as TLSSocket).getPeerX509Certificate(),
  });
  response.writeHead(answer.status, {
    ...answer.headers,
    'Content-Type': answer.body.contentType,
    'Content-Length': String(answer.body.byteLength),
  });
  for (const chunk of answer.body.chunks) response.write(chunk);
  response.end();
}

/** The whole body, or undefined once it grows past the limit. */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

function writePlain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}

/** A wildcard address is reached on the loopback; an IPv6 literal goes in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
