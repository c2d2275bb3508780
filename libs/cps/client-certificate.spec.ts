import { X509Certificate } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { generateTestCpsPki, generateTestPki, issueTestCrl, type TestCpsPki } from '@app/pki';
import { readClientCertificateHeader, readPeerCertificate } from './client-certificate';
import { CpsVerifier } from './cps-verifier';
import { CpsError } from './errors';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof CpsError) return error.code;
    throw error;
  }
  return undefined;
}

describe('client certificates', () => {
  let cps: TestCpsPki;
  let pem: string;
  let der: Buffer;
  let verifier: CpsVerifier;

  beforeAll(() => {
    cps = generateTestCpsPki();
    pem = cps.practitioner.certificatePem;
    der = new X509Certificate(pem).raw;
    const crl = issueTestCrl({
      issuer: cps.personnesCa,
      thisUpdate: new Date(),
      nextUpdate: new Date(Date.now() + 86_400_000),
    });
    verifier = new CpsVerifier({ trustedCas: cps.caPem, crls: [crl.der] });
  });

  describe('readClientCertificateHeader', () => {
    it("round-trips nginx's $ssl_client_escaped_cert (URL-encoded PEM) to the same DER", () => {
      const header = encodeURIComponent(pem);
      expect(header).not.toMatch(/[\n +/=]/);
      const read = readClientCertificateHeader(header);
      expect(read?.certificate.equals(der)).toBe(true);
      expect(read?.chain).toEqual([]);
      expect(verifier.verify(read!.certificate).practitioner.rpps).toBe('99700000013');
    });

    it('keeps "+" as base64 when a proxy leaves it unescaped (AWS ALB), and reads the chain', () => {
      const bundle = [pem, ...cps.practitioner.chainPem].join('');
      const header = encodeURIComponent(bundle)
        .replace(/%2B/g, '+')
        .replace(/%2F/g, '/')
        .replace(/%3D/g, '=');
      expect(header).toContain('+');
      const read = readClientCertificateHeader(header);
      expect(read?.certificate.equals(der)).toBe(true);
      expect(read?.chain.map((c) => new X509Certificate(c).subject)).toEqual(
        cps.practitioner.chainPem.map((c) => new X509Certificate(c).subject),
      );
    });

    it("reads PEM with folded lines (nginx's $ssl_client_cert, Apache) and Traefik's bare base64", () => {
      const tabFolded = pem.trim().split('\n').join('\n\t');
      const spaceFolded = pem.trim().split('\n').join(' ');
      const traefik = [der, new X509Certificate(cps.personnesCa.certificatePem).raw]
        .map((b) => b.toString('base64'))
        .join(',');
      for (const header of [tabFolded, spaceFolded, traefik]) {
        expect(readClientCertificateHeader(header)?.certificate.equals(der)).toBe(true);
      }
      expect(readClientCertificateHeader(traefik)?.chain).toHaveLength(1);
    });

    it('says "no certificate" for an absent or empty header', () => {
      for (const value of [undefined, '', '  ', '-', '(null)', []]) {
        expect(readClientCertificateHeader(value)).toBeUndefined();
      }
    });

    it('refuses garbage, and a header sent twice', () => {
      expect(codeOf(() => readClientCertificateHeader('not a certificate!'))).toBe(
        'NOT_A_CERTIFICATE',
      );
      expect(codeOf(() => readClientCertificateHeader('%ZZ'))).toBe('NOT_A_CERTIFICATE');
      expect(codeOf(() => readClientCertificateHeader([encodeURIComponent(pem), 'x']))).toBe(
        'NOT_A_CERTIFICATE',
      );
    });
  });

  describe('readPeerCertificate', () => {
    it('reads the card certificate of a TLS connection the engine terminates, and verifies it', async () => {
      const { server: serverCredential } = generateTestPki({ password: 'unused' });
      const server = createServer({
        key: serverCredential.privateKeyPem,
        cert: serverCredential.certificatePem,
        requestCert: true,
        // The verifier decides, and explains; the handshake only proves key possession.
        rejectUnauthorized: false,
        ca: cps.caPem,
      });
      const seen = new Promise<ReturnType<typeof readPeerCertificate>>((resolve) => {
        server.on('secureConnection', (socket: TLSSocket) => {
          resolve(readPeerCertificate(socket));
          socket.end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const client = connect({
        host: '127.0.0.1',
        port,
        key: cps.practitioner.privateKeyPem,
        cert: [cps.practitioner.certificatePem, ...cps.practitioner.chainPem].join(''),
        rejectUnauthorized: false,
      });
      client.on('error', () => undefined);
      try {
        const peer = await seen;
        expect(peer?.certificate.equals(der)).toBe(true);
        const verified = verifier.verify(peer!.certificate, { chain: peer!.chain });
        expect(verified.practitioner.idNatPs).toBe('899700000013');
      } finally {
        client.destroy();
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('says "no certificate" when the client sent none', () => {
      expect(readPeerCertificate({ getPeerCertificate: () => ({}) as never })).toBeUndefined();
    });
  });
});
