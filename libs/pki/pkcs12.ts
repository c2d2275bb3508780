import { X509Certificate, createPublicKey } from 'node:crypto';
import forge from 'node-forge';
import type { Credential } from './credential';
import { PkiError } from './errors';
import { pemLf, subjectDn, summarizeCertificate } from './x509';

/**
 * PKCS#12 files go through node-forge rather than node:tls's `pfx` option:
 * IGC-Santé files and older exports use RC2/3DES, which OpenSSL 3 no longer
 * reads without its legacy provider, and the VIHF signer needs the key as PEM
 * anyway.
 */

/** A password-protected PKCS#12 (AES-256, SHA-1 MAC) holding the key, its certificate and its chain. */
export function toPkcs12(
  credential: Pick<Credential, 'privateKeyPem' | 'certificatePem' | 'chainPem'>,
  password: string,
  friendlyName?: string,
): Buffer {
  const key = forge.pki.privateKeyFromPem(credential.privateKeyPem);
  const certificates = [credential.certificatePem, ...credential.chainPem].map((pem) =>
    forge.pki.certificateFromPem(pem),
  );
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certificates, password, {
    algorithm: 'aes256',
    generateLocalKeyId: true,
    ...(friendlyName ? { friendlyName } : {}),
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

export interface LoadPkcs12Options {
  /** The instant the certificate must be valid at; now by default. */
  at?: Date;
}

/**
 * Opens a PKCS#12 (the structure's IGC-Santé `.p12`) and returns its key,
 * certificate and chain as PEM. Refuses, with a PkiError saying which, a
 * wrong password, a file that is not a PKCS#12 with one RSA key, and a
 * certificate that is expired or not yet valid.
 */
export function loadPkcs12(
  der: Buffer,
  password: string,
  options: LoadPkcs12Options = {},
): Credential {
  const pfx = openPfx(der, password);
  const keys = [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag].flatMap(
    (bagType) => pfx.getBags({ bagType })[bagType] ?? [],
  );
  const key = keys.length === 1 ? keys[0].key : undefined;
  if (!key) {
    throw new PkiError(
      'INVALID_PKCS12',
      `the PKCS#12 holds ${keys.length} readable private keys, expected one RSA key`,
    );
  }
  const certificatesPem = (
    pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []
  ).flatMap((bag) => (bag.cert ? [pemLf(forge.pki.certificateToPem(bag.cert))] : []));

  const privateKeyPem = pemLf(
    forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))),
  );
  const publicKey = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
  const leafPem = certificatesPem.find((pem) =>
    new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }).equals(publicKey),
  );
  if (!leafPem) {
    throw new PkiError('INVALID_PKCS12', 'the PKCS#12 holds no certificate for its private key');
  }
  const summary = summarizeCertificate(leafPem);
  const at = options.at ?? new Date();
  if (at.getTime() > summary.notAfter.getTime()) {
    throw new PkiError(
      'CERTIFICATE_EXPIRED',
      `certificate "${summary.subject}" expired on ${summary.notAfter.toISOString()}: renew it`,
    );
  }
  if (at.getTime() < summary.notBefore.getTime()) {
    throw new PkiError(
      'CERTIFICATE_NOT_YET_VALID',
      `certificate "${summary.subject}" is not valid before ${summary.notBefore.toISOString()}`,
    );
  }
  return {
    privateKeyPem,
    certificatePem: leafPem,
    chainPem: orderChain(
      leafPem,
      certificatesPem.filter((pem) => pem !== leafPem),
    ),
    ...summary,
  };
}

function openPfx(der: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(der.toString('binary'));
  } catch {
    throw new PkiError('INVALID_PKCS12', 'the file is not a DER-encoded PKCS#12');
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
      throw new PkiError('WRONG_PASSWORD', 'wrong password for the PKCS#12 file');
    }
    throw new PkiError('INVALID_PKCS12', `the PKCS#12 file cannot be read: ${message}`);
  }
}

/** Issuer first, up to the root; certificates outside the path follow in file order. */
function orderChain(leafPem: string, othersPem: string[]): string[] {
  const remaining = othersPem.map((pem) => ({ pem, x509: new X509Certificate(pem) }));
  const ordered: string[] = [];
  let current = new X509Certificate(leafPem);
  for (;;) {
    const index = remaining.findIndex(
      (candidate) =>
        current.checkIssued(candidate.x509) && subjectDn(candidate.x509) !== subjectDn(current),
    );
    if (index < 0) break;
    const [issuer] = remaining.splice(index, 1);
    ordered.push(issuer.pem);
    current = issuer.x509;
  }
  return [...ordered, ...remaining.map((candidate) => candidate.pem)];
}
