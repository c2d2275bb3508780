import { once } from 'node:events';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import {
  type Credential,
  generateTestPki,
  issueCredentialFromUntrustedCa,
  issueExpiredCredential,
  type TestPki,
} from '@app/pki';
import { DmpError } from '../errors';
import { httpBody } from './http-body';
import { type PostSoapRequest, postSoap } from './https-client';
import { parseMtom, writeMtom } from './mtom';

const pick = ({ privateKeyPem, certificatePem, chainPem }: Credential) => ({
  privateKeyPem,
  certificatePem,
  chainPem,
});

type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

describe('postSoap over mutual TLS', () => {
  let pki: TestPki;
  let foreign: { credential: Credential; caPem: string[] };
  let server: Server;
  let url: string;
  let handler: Handler;
  const seenClients: string[] = [];

  beforeAll(async () => {
    pki = generateTestPki({ password: 'unused' });
    foreign = issueCredentialFromUntrustedCa('ORG_AUTH_CLI');
    server = createServer(
      {
        key: pki.server.privateKeyPem,
        cert: [pki.server.certificatePem, ...pki.server.chainPem].join(''),
        ca: pki.caPem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const peer = (request.socket as TLSSocket).getPeerCertificate();
          seenClients.push(String(peer.subject?.CN ?? ''));
          handler(request, Buffer.concat(chunks), response);
        });
      },
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `https://localhost:${(server.address() as AddressInfo).port}/dmp/soap`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  const request = (overrides: Partial<PostSoapRequest> = {}): PostSoapRequest => ({
    url,
    action: 'urn:test:ping',
    body: httpBody('application/soap+xml; charset=UTF-8', [Buffer.from('<ping/>')]),
    tls: {
      privateKeyPem: pki.structureAuth.privateKeyPem,
      certificatePem: pki.structureAuth.certificatePem,
      chainPem: pki.structureAuth.chainPem,
      caPem: pki.caPem,
    },
    timeoutMs: 5_000,
    ...overrides,
  });

  const failure = async (promise: Promise<unknown>): Promise<DmpError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DmpError) return error;
      throw error;
    }
    throw new Error('expected a DmpError');
  };

  it('is answered when the structure presents its AUTH_CLI certificate; the MTOM body arrives intact', async () => {
    handler = (incoming, body, response) => {
      response.writeHead(200, { 'Content-Type': incoming.headers['content-type'] ?? '' });
      response.end(body);
    };
    const document = Buffer.alloc(256 * 1024);
    for (let i = 0; i < document.length; i++) document[i] = (i * 7919) % 256;
    const mtom = writeMtom({
      rootXml: '<env/>',
      action: 'urn:test:ping',
      attachments: [
        {
          contentId: 'doc@test',
          mediaType: 'application/pdf',
          chunks: [document.subarray(0, 1000), document.subarray(1000)],
        },
      ],
    });
    const response = await postSoap(request({ body: mtom }));
    expect(response.status).toBe(200);
    expect(seenClients.at(-1)).toBe('DMP AUTH_CLI');
    expect(response.contentType).toContain('action="urn:test:ping"');
    const parsed = parseMtom(response.body, response.contentType);
    expect(parsed.rootXml).toBe('<env/>');
    expect(parsed.attachments.get('doc@test')?.equals(document)).toBe(true);
  });

  it('adds the action to a Content-Type that lacks it', async () => {
    let received = '';
    handler = (incoming, _body, response) => {
      received = incoming.headers['content-type'] ?? '';
      response.writeHead(200, { 'Content-Type': 'application/soap+xml' });
      response.end('<ok/>');
    };
    await postSoap(request());
    expect(received).toBe('application/soap+xml; charset=UTF-8; action="urn:test:ping"');
  });

  it('fails with AUTHENTICATION_FAILED when the server refuses the client certificate', async () => {
    handler = (_incoming, _body, response) => response.end();
    const error = await failure(
      postSoap(
        request({
          tls: { ...request().tls, ...pick(foreign.credential) },
        }),
      ),
    );
    expect(error.code).toBe('AUTHENTICATION_FAILED');
    expect(error.retryable).toBe(false);
  });

  it('tells the same refusal from a TLS 1.2 server, which drops the handshake', async () => {
    const tls12 = createServer(
      {
        key: pki.server.privateKeyPem,
        cert: [pki.server.certificatePem, ...pki.server.chainPem].join(''),
        ca: pki.caPem,
        requestCert: true,
        rejectUnauthorized: true,
        maxVersion: 'TLSv1.2',
      },
      (_incoming, response) => response.end(),
    );
    tls12.listen(0, '127.0.0.1');
    await once(tls12, 'listening');
    try {
      const tls12Url = `https://localhost:${(tls12.address() as AddressInfo).port}/dmp`;
      const error = await failure(
        postSoap(
          request({
            url: tls12Url,
            tls: { ...request().tls, ...pick(foreign.credential) },
          }),
        ),
      );
      expect(error.code).toBe('AUTHENTICATION_FAILED');
      expect((await postSoap(request({ url: tls12Url }))).status).toBe(200);
    } finally {
      tls12.closeAllConnections();
      tls12.close();
      await once(tls12, 'close');
    }
  });

  it('keeps UNAVAILABLE for a connection dropped by a server that accepted the certificate', async () => {
    handler = (incoming) => incoming.socket.destroy();
    const error = await failure(postSoap(request()));
    expect(error.code).toBe('UNAVAILABLE');
  });

  it('fails with AUTHENTICATION_FAILED when the server certificate is not from a trusted CA', async () => {
    const error = await failure(
      postSoap(request({ tls: { ...request().tls, caPem: foreign.caPem } })),
    );
    expect(error.code).toBe('AUTHENTICATION_FAILED');
  });

  it('refuses to use an expired client certificate', async () => {
    const expired = issueExpiredCredential(pki, 'ORG_AUTH_CLI');
    const error = await failure(
      postSoap(
        request({
          tls: { ...request().tls, ...pick(expired) },
        }),
      ),
    );
    expect(error.code).toBe('AUTHENTICATION_FAILED');
    expect(error.message).toContain('expired');
  });

  it('refuses a key that does not match the certificate before connecting', async () => {
    const error = await failure(
      postSoap(
        request({ tls: { ...request().tls, privateKeyPem: pki.structureSign.privateKeyPem } }),
      ),
    );
    expect(error.code).toBe('AUTHENTICATION_FAILED');
  });

  it('fails with UNAVAILABLE when nothing listens', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    probe.close();
    await once(probe, 'close');
    const error = await failure(postSoap(request({ url: `https://127.0.0.1:${port}/dmp` })));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('fails with UNAVAILABLE when the server does not answer in time', async () => {
    handler = () => undefined;
    const error = await failure(postSoap(request({ timeoutMs: 300 })));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toContain('300 ms');
  });

  it('maps a non-SOAP 5xx to UNAVAILABLE and returns a SOAP fault for the caller to read', async () => {
    handler = (_incoming, _body, response) => {
      response.writeHead(503, { 'Content-Type': 'text/html' });
      response.end('<html>maintenance</html>');
    };
    expect((await failure(postSoap(request()))).code).toBe('UNAVAILABLE');

    handler = (_incoming, _body, response) => {
      response.writeHead(500, { 'Content-Type': 'application/soap+xml' });
      response.end('<fault/>');
    };
    const response = await postSoap(request());
    expect(response.status).toBe(500);
    expect(response.body.toString()).toBe('<fault/>');
  });
});
