import { request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';

/** What openid-client (and the sandbox's scripted browser) hand to a fetch function. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string> | Headers;
  body?: string | URLSearchParams | Uint8Array | ArrayBuffer | ReadableStream | null;
  signal?: AbortSignal;
  /** Always "manual" here: redirects are returned, never followed. */
  redirect?: 'manual';
}

export type FetchFunction = (url: string, init?: FetchInit) => Promise<Response>;

/**
 * A fetch that trusts only the given CAs, for an issuer whose certificate
 * comes from a private PKI (the loopback sandbox and its test IGC-Santé CAs).
 * Node's global fetch cannot take a CA without the undici package; node:https
 * can. The CAs replace the system's store: the sandbox is reached only if its
 * certificate chains to them. Plain http is served for a loopback sandbox
 * started without TLS; redirects are returned, never followed.
 */
export function fetchTrusting(caPem: readonly string[]): FetchFunction {
  const agent = new Agent({ ca: [...caPem], minVersion: 'TLSv1.2', keepAlive: false });
  return (url, init = {}) => send(new URL(url), init, agent);
}

async function send(url: URL, init: FetchInit, agent: Agent): Promise<Response> {
  // Response reads every body kind fetch takes (text, form, bytes, stream) into bytes.
  const body =
    init.body === undefined || init.body === null
      ? undefined
      : Buffer.from(await new Response(init.body).arrayBuffer());
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  if (body) headers['content-length'] = String(body.length);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: init.method ?? 'GET',
        headers,
        signal: init.signal,
        ...(url.protocol === 'https:' ? { agent } : {}),
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => resolve(toResponse(incoming, Buffer.concat(chunks))));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function toResponse(incoming: IncomingMessage, body: Buffer): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
    headers.append(incoming.rawHeaders[i], incoming.rawHeaders[i + 1]);
  }
  const status = incoming.statusCode ?? 502;
  const empty = status === 204 || status === 205 || status === 304;
  return new Response(empty ? null : body, {
    status,
    statusText: incoming.statusMessage ?? '',
    headers,
  });
}
