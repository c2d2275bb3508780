import type { X509Certificate } from 'node:crypto';
import { idNatStructOf } from '@app/pki';
import {
  type SoapEnvelope,
  type VihfClaims,
  type VihfErrorCode,
  VihfError,
  securityAssertionXml,
  verifyVihf,
} from '../transport';
import type { SandboxIns } from './options';
import { type WsSecurityFaultCode, securityFault } from './soap-faults';

/**
 * Who is calling, as the DMP establishes it in indirect mode: the structure
 * authenticated by its TLS client certificate, and a VIHF signed by a trusted
 * certificate of that same structure, naming the practitioner and the
 * patient. Any doubt is a WS-Security fault, which the adapter reports as
 * AUTHENTICATION_FAILED.
 */

export interface Caller {
  /** Subject/NameID: "8" + RPPS. */
  practitionerId: string;
  /** idNat_Struct, the same in the TLS certificate and the VIHF. */
  structureId: string;
  /** The patient the VIHF names (resource-id): every transaction is confined to them. */
  patientIns: SandboxIns;
  claims: VihfClaims;
}

const SUBCODE_OF: Record<VihfErrorCode, WsSecurityFaultCode> = {
  MALFORMED: 'InvalidSecurityToken',
  MISSING_ATTRIBUTE: 'InvalidSecurityToken',
  INVALID_ATTRIBUTE: 'InvalidSecurityToken',
  UNSIGNED: 'FailedCheck',
  INVALID_SIGNATURE: 'FailedCheck',
  UNTRUSTED_CERTIFICATE: 'FailedAuthentication',
  CERTIFICATE_EXPIRED: 'FailedAuthentication',
  STRUCTURE_MISMATCH: 'FailedAuthentication',
  NOT_CURRENT: 'MessageExpired',
};

export function authenticate(
  envelope: SoapEnvelope,
  peerCertificate: X509Certificate | undefined,
  trustedCaPem: readonly string[],
  now: Date,
): Caller {
  // node:https has already refused untrusted or expired certificates; this is belt and braces.
  if (!peerCertificate) {
    throw securityFault('FailedAuthentication', 'no TLS client certificate');
  }
  const assertion = securityAssertionXml(envelope);
  if (!assertion) {
    throw securityFault('InvalidSecurity', 'no SAML 2.0 assertion (VIHF) in wsse:Security');
  }
  let claims: VihfClaims;
  try {
    claims = verifyVihf(assertion, trustedCaPem, { now, requireStructureMatch: true });
  } catch (error) {
    if (error instanceof VihfError) throw securityFault(SUBCODE_OF[error.code], error.message);
    throw error;
  }
  if (claims.authenticationMode !== 'INDIRECTE') {
    throw securityFault(
      'InvalidSecurityToken',
      `Authentification_Mode ${claims.authenticationMode}: the sandbox, like the DMP for ` +
        `software certificates, takes INDIRECTE only`,
    );
  }
  const tlsStructure = idNatStructOf(peerCertificate);
  if (tlsStructure !== claims.structureId) {
    throw securityFault(
      'FailedAuthentication',
      `Identifiant_Structure ${claims.structureId} is not the structure of the TLS client ` +
        `certificate (${tlsStructure ?? 'none'})`,
    );
  }
  return {
    practitionerId: claims.practitionerId,
    structureId: claims.structureId,
    patientIns: claims.patientIns,
    claims,
  };
}
