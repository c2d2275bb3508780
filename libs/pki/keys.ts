import { createPrivateKey, generateKeyPairSync } from 'node:crypto';

export interface RsaKeyPair {
  /** PKCS#8, unencrypted: what node:tls and xml-crypto take. */
  privateKeyPem: string;
  /** SubjectPublicKeyInfo. */
  publicKeyPem: string;
}

/**
 * RSA keys come from node:crypto (OpenSSL) rather than node-forge: forge's
 * pure-JS prime search takes seconds for a 2048-bit key, OpenSSL a tenth of
 * that, which is what keeps a test file's set-up short.
 */
export function generateRsaKeyPair(bits = 2048): RsaKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** An encrypted PKCS#8 PEM ("ENCRYPTED PRIVATE KEY", AES-256-CBC), for key files left on disk. */
export function encryptedKeyPem(privateKeyPem: string, passphrase: string): string {
  return createPrivateKey(privateKeyPem)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    .toString();
}
