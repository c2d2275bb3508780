import {
  provideAndRegisterMetadata,
  type DocumentSubmission,
  type ParsedSubmission,
  type ValueSets,
} from '@app/dmp';
import {
  escapeHl7,
  ID_NAT_PS_OID,
  parseSubmitObjectsRequest,
  writeSubmitObjectsRequest,
} from '../../dmp/xds';
import { MssError } from '../errors';

/**
 * IHE_XDM/SUBSET01/METADATA.XML: the XDS metadata of the DMP filing (the same
 * provideAndRegisterMetadata, so the same codes, patient id and author),
 * written as a standalone lcm:SubmitObjectsRequest with what XDM adds (ITI
 * TF-3 §4.2.3, XDM column): the DocumentEntry's URI (its file in the subset;
 * size and hash are the DMP filing's already) and the SubmissionSet's
 * intendedRecipient. availabilityStatus is Approved and confidentialityCode
 * follows JDV_J58 exactly as for the DMP (facts.md §3.4).
 */

/** Someone the message is sent to. */
export interface XdmRecipient {
  /** The MSSanté address. */
  address: string;
  /** RPPS (11 digits) of a practitioner recipient. */
  rpps?: string;
  /** Display name, written as the XCN family name. */
  name?: string;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** Mon espace santé mailboxes: "<matricule INS>@patient.mssante.fr" (facts.md §3.2). */
const PATIENT_DOMAIN = /@patient\.mssante\.fr$/i;

export const isPatientMailbox = (address: string): boolean => PATIENT_DOMAIN.test(address.trim());

/**
 * One intendedRecipient value, "XON|XCN|XTN" (ITI TF-3 §4.2.3.3.5): no
 * organisation; the practitioner as an XCN on idNat_PS ("8" + RPPS, the
 * CI-SIS form of the authors) when the RPPS is known; the address as an XTN
 * "^^Internet^address".
 */
export function intendedRecipientValue(recipient: XdmRecipient): string {
  const address = recipient.address.trim();
  if (!ADDRESS.test(address)) {
    throw new MssError('ADDRESS_INVALID', `"${recipient.address}" is not an e-mail address`);
  }
  const xtn = `^^Internet^${escapeHl7(address)}`;
  if (recipient.rpps === undefined) return `||${xtn}`;
  if (!/^[0-9]{11}$/.test(recipient.rpps)) {
    throw new MssError('ADDRESS_INVALID', `RPPS "${recipient.rpps}" is not 11 digits`);
  }
  const name = recipient.name?.trim() ?? '';
  const xcn = [
    `8${recipient.rpps}`,
    escapeHl7(name),
    '',
    '',
    '',
    '',
    '',
    '',
    `&${ID_NAT_PS_OID}&ISO`,
    name ? 'D' : '',
    '',
    '',
    'IDNPS',
  ].join('^');
  return `|${xcn}|${xtn}`;
}

export interface XdmMetadataInput {
  submission: DocumentSubmission;
  /** Size and SHA-1 of the CDA file as it is in the package. */
  cda: { byteLength: number; sha1: string };
  valueSets: ValueSets;
  sourceId: string;
  submissionSetUniqueId: string;
  entryUUID: string;
  submissionTime: Date;
  intendedRecipients: readonly XdmRecipient[];
  /** The CDA's file name in the subset directory (DocumentEntry slot URI). */
  documentUri: string;
  /** entryUUID of the version replaced, when the caller knows it (RPLC association). */
  replacedEntryUUID?: string;
  /** Makes every registry id not given: deterministic, so that a rebuilt package is identical. */
  newId: () => string;
}

/** The metadata of a one-document XDM package, refused (DmpError) where the DMP would refuse it. */
export function xdmMetadata(input: XdmMetadataInput): ParsedSubmission {
  if (input.intendedRecipients.length === 0) {
    throw new MssError('ADDRESS_INVALID', 'an XDM package needs at least one intended recipient');
  }
  const intendedRecipients = input.intendedRecipients.map(intendedRecipientValue);
  // A corrected version names, in XDS, the registry entry it replaces. A package
  // may not know it (the previous one went by mail): the CDA still says RPLC
  // (relatedDocument), the metadata then carries no RPLC association.
  const { replaces, ...unreplaced } = input.submission;
  const metadata = provideAndRegisterMetadata({
    submission: replaces && !input.replacedEntryUUID ? unreplaced : input.submission,
    cda: input.cda,
    valueSets: input.valueSets,
    sourceId: input.sourceId,
    submissionSetUniqueId: input.submissionSetUniqueId,
    // No MTOM part in XDM; the ITI-41 Document reference it feeds is not written.
    documentContentId: input.documentUri,
    entryUUID: input.entryUUID,
    ...(input.replacedEntryUUID ? { replacedEntryUUID: input.replacedEntryUUID } : {}),
    submissionTime: input.submissionTime,
    newId: input.newId,
  });
  return {
    ...metadata,
    submissionSet: metadata.submissionSet && { ...metadata.submissionSet, intendedRecipients },
    documentEntries: metadata.documentEntries.map((entry) => ({
      ...entry,
      uri: input.documentUri,
    })),
    documents: [],
  };
}

/** METADATA.XML's bytes: an XML declaration and the lcm:SubmitObjectsRequest. */
export function writeXdmMetadata(metadata: ParsedSubmission, newId: () => string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${writeSubmitObjectsRequest(metadata, { newId })}\n`;
}

/** Reads a METADATA.XML back (DmpError INVALID_SUBMISSION when it is not one). */
export function parseXdmMetadata(xml: string): ParsedSubmission {
  return parseSubmitObjectsRequest(xml);
}
