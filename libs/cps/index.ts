export {
  type ClientCertificate,
  readClientCertificateHeader,
  readPeerCertificate,
} from './client-certificate';
export {
  type CpsCertificate,
  type CpsPractitioner,
  type KeyUsageFlags,
  type PractitionerIdType,
  practitionerFromCertificate,
  readCpsCertificate,
} from './cps-certificate';
export {
  type CpsTrustConfiguration,
  CpsVerifier,
  type CpsVerifyOptions,
  type RevocationCheck,
  type VerifiedCps,
  verifyCpsCertificate,
} from './cps-verifier';
export {
  type RevocationList,
  type RevocationReason,
  type RevokedCertificate,
  readRevocationList,
} from './crl';
export type { DerOrText } from './encoding';
export { CpsError, type CpsErrorCode, type CpsErrorOrigin } from './errors';
export type { DistinguishedName, NameAttribute } from './names';
