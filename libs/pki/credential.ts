/**
 * A private key with its certificate, in the forms node:tls and xml-crypto
 * take (PEM), plus what a caller checks before using it.
 */
export interface Credential {
  /** PKCS#8, unencrypted: keep it in memory, write it to disk only encrypted or 0600. */
  privateKeyPem: string;
  certificatePem: string;
  /** The issuing CAs' certificates, the direct issuer first, up to the root. */
  chainPem: string[];
  /** Subject DN, e.g. `C=FR, ST=Paris (75), O=CABINET X, OU=499700000001001, CN=DMP SIGN`. */
  subject: string;
  /** idNat_Struct read from the subject's OU (ORG certificates), when there is one. */
  idNatStruct: string | undefined;
  notBefore: Date;
  notAfter: Date;
}
