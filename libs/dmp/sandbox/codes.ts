import { DMP_TD_NAMESPACE, type QualifiedName } from '../transport';
import type { RegistryError } from '../xds';

/**
 * The error codes the sandbox answers with. The XDS ones are IHE's (ITI TF-3
 * Table 4.2.4.1-2), each used for what IHE defines it for; the DMP's own codes
 * are in its non-public integration guide, so the one the sandbox needs
 * beyond IHE's is ours, prefixed DMP.
 */
export const SANDBOX_ERROR_CODES = {
  /**
   * Ours: the practitioner named in the VIHF may not use this DMP (no
   * authorisation, an authorisation older than the limit, or a ban by the
   * patient); codeContext says which. The adapter reports it as
   * DOCUMENT_REJECTED with that text.
   */
  accessDenied: 'DMPAccessDenied',
  /** The patient has no DMP (the adapter's NO_DMP). */
  unknownPatient: 'XDSUnknownPatientId',
  /** The VIHF, the SubmissionSet, the DocumentEntry, the CDA or a replaced entry disagree on the patient. */
  patientIdMismatch: 'XDSPatientIdDoesNotMatch',
  /** Metadata a registry would refuse (checkSubmission); anything without a more precise code. */
  metadata: 'XDSRegistryMetadataError',
  missingDocument: 'XDSMissingDocument',
  missingDocumentMetadata: 'XDSMissingDocumentMetadata',
  nonIdenticalHash: 'XDSNonIdenticalHash',
  nonIdenticalSize: 'XDSNonIdenticalSize',
  duplicateInMessage: 'XDSRegistryDuplicateUniqueIdInMessage',
  duplicateInRegistry: 'XDSDuplicateUniqueIdInRegistry',
  /** An RPLC of an entry that is no longer Approved. */
  deprecatedDocument: 'XDSRegistryDeprecatedDocumentError',
  /** The CDA fails the schema, the CI-SIS header rules or a value set, or disagrees with its metadata. */
  invalidContent: 'InvalidDocumentContent',
  unknownStoredQuery: 'XDSUnknownStoredQuery',
  registryError: 'XDSRegistryError',
  repositoryMetadata: 'XDSRepositoryMetadataError',
  unknownRepository: 'XDSUnknownRepositoryId',
  unknownDocument: 'XDSDocumentUniqueIdError',
} as const;

/** Subcodes of the Sender faults of TD0.2 / TD0.3, in the TD transactions' namespace. */
export const SANDBOX_TD_FAULTS = {
  /** TD0.3 on a patient without a DMP. */
  patientWithoutDmp: { namespace: DMP_TD_NAMESPACE, localName: 'PatientWithoutDmp' },
  /** TD0.3 ADD by a practitioner the patient has forbidden. */
  accessForbidden: { namespace: DMP_TD_NAMESPACE, localName: 'AccessForbidden' },
  /** The request's patient is not the one the VIHF names. */
  patientMismatch: { namespace: DMP_TD_NAMESPACE, localName: 'PatientMismatch' },
} as const satisfies Record<string, QualifiedName>;

export function registryError(
  errorCode: string,
  codeContext: string,
  location?: string,
): RegistryError {
  return { errorCode, codeContext, severity: 'Error', ...(location ? { location } : {}) };
}

/**
 * A problem sentence of the XDS checks as a RegistryError: the checks start
 * a sentence with its IHE code when they know it ("XDSNonIdenticalHash: …");
 * the rest gets `fallback`.
 */
export function registryErrorOf(problem: string, fallback: string): RegistryError {
  const coded = /^(?:DocumentEntry \S+: )?((?:XDS|DMP)[A-Za-z]+): (.*)$/.exec(problem);
  if (coded) return registryError(coded[1], problem.replace(`${coded[1]}: `, ''));
  if (/ appears twice in the submission$/.test(problem)) {
    return registryError(SANDBOX_ERROR_CODES.duplicateInMessage, problem);
  }
  if (/patientId differs from the SubmissionSet's$/.test(problem)) {
    return registryError(SANDBOX_ERROR_CODES.patientIdMismatch, problem);
  }
  return registryError(fallback, problem);
}
