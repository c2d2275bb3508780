import { DmpError } from '../errors';
import type { CodedValue } from '../model';
import { documentEntryXml } from './ebrim-writer';
import { optional, readDocumentEntry } from './ebrim-reader';
import { ID_NAT_PS_OID, parseXcn, unescapeHl7 } from './hl7v2';
import type { DocumentEntryMetadata, XdsAuthor } from './metadata';
import { NS, namespaceDeclarations } from './namespaces';
import { dmpErrorFor } from './registry-errors';
import {
  readRegistryErrors,
  registryErrorListXml,
  statusFor,
  statusOf,
  statusUrn,
  type RegistryError,
} from './registry-response';
import { element } from './xml-writer';
import { attribute, child, children, parseRoot } from './xml-reader';

/** The ITI-18 answer: one ExtrinsicObject per matching DocumentEntry (LeafClass). */

/** What the client needs of a found entry to show it, retrieve it or replace it. */
export interface DocumentEntrySummary {
  entryUUID: string;
  uniqueId: string;
  repositoryUniqueId: string;
  /** Last part of the availabilityStatus URN: Approved, Deprecated (or a DMP status such as Archived). */
  status: string;
  typeCode?: CodedValue;
  title?: string;
  /** YYYYMMDD[hhmmss] UTC, as the registry gave it. */
  creationTime?: string;
  hash?: string;
  size?: number;
  confidentialityCodes: CodedValue[];
  patientId?: string;
  /** Who wrote it, from the first DocumentEntry.author (a list shows one author). */
  author?: DocumentAuthorSummary;
  /** YYYYMMDD[hhmmss] UTC: when the care it documents began. */
  serviceStartTime?: string;
  /**
   * The entry's mimeType: text/xml for every CDA. What the CDA wraps (PDF,
   * text…) is in formatCode.
   */
  mediaType?: string;
  /** e.g. urn:ihe:iti:xds-sd:pdf:2008 for a CDA wrapping a PDF. */
  formatCode?: CodedValue;
  /** The XDS comments (the DMP form's "commentaire"), when the author wrote one. */
  comments?: string;
}

/** A DocumentEntry.author as a practitioner's list shows it. */
export interface DocumentAuthorSummary {
  /** "Given FAMILY" of authorPerson; the institution's name when it names nobody. */
  name: string;
  /** From an authorPerson on idNat_PS ("8" + RPPS). */
  rpps?: string;
  /** authorSpecialty's display name (its code when it has none), e.g. "Masseur-Kinésithérapeute". */
  specialty?: string;
  /** authorInstitution's organisation name. */
  institution?: string;
}

/** The answer to a stored query (sandbox side); entries carry repositoryUniqueId and status. */
export function buildAdhocQueryResponse(
  entries: readonly DocumentEntryMetadata[],
  errors: readonly RegistryError[] = [],
): string {
  return element(
    'query:AdhocQueryResponse',
    { ...namespaceDeclarations('query', 'rim', 'rs'), status: statusUrn(statusFor(errors)) },
    registryErrorListXml(errors),
    element(
      'rim:RegistryObjectList',
      {},
      entries.map((entry) => documentEntryXml(entry)),
    ),
  );
}

/** Full metadata of each entry of an answer (the sandbox's tests and tools use it too). */
export function parseAdhocQueryResponseEntries(xml: string): DocumentEntryMetadata[] {
  const root = parseRoot(xml, NS.query, 'AdhocQueryResponse', 'UNAVAILABLE');
  const error = dmpErrorFor({
    status: statusOf(attribute(root, 'status')),
    errors: readRegistryErrors(root),
  });
  if (error) throw error;
  const list = child(root, NS.rim, 'RegistryObjectList');
  return list ? children(list, NS.rim, 'ExtrinsicObject').map(readDocumentEntry) : [];
}

/** Reads the answer to a stored query (client side); a failure becomes its DmpError. */
export function parseAdhocQueryResponse(xml: string): DocumentEntrySummary[] {
  return parseAdhocQueryResponseEntries(xml).map(summaryOf);
}

function summaryOf(entry: DocumentEntryMetadata): DocumentEntrySummary {
  // Without these the entry can be neither retrieved nor replaced: the answer is unusable.
  if (!entry.uniqueId || !entry.repositoryUniqueId || !entry.status) {
    throw new DmpError(
      'UNAVAILABLE',
      `the registry returned entry ${entry.entryUUID} without uniqueId, repositoryUniqueId or status`,
    );
  }
  const size = entry.size === undefined ? undefined : Number(entry.size);
  return {
    entryUUID: entry.entryUUID,
    uniqueId: entry.uniqueId,
    repositoryUniqueId: entry.repositoryUniqueId,
    status: entry.status.slice(entry.status.lastIndexOf(':') + 1),
    typeCode: entry.typeCode,
    title: entry.title,
    creationTime: entry.creationTime,
    hash: entry.hash,
    size: size !== undefined && Number.isSafeInteger(size) ? size : undefined,
    confidentialityCodes: entry.confidentialityCodes,
    patientId: entry.patientId,
    // Left out when absent, so that a summary compares equal to one without them.
    ...optional('author', entry.authors[0] && authorSummary(entry.authors[0])),
    ...optional('serviceStartTime', entry.serviceStartTime),
    ...optional('mediaType', entry.mimeType),
    ...optional('formatCode', entry.formatCode),
    ...optional('comments', entry.comments),
  };
}

/**
 * Reads the author's slots as submission-metadata.ts writes them: authorPerson
 * an XCN "8RPPS^family^given^…^&1.2.250.1.71.4.2.1&ISO^D^^^IDNPS",
 * authorSpecialty "code^displayName^codeSystem", authorInstitution an XON
 * whose first component is the name. Anything else is read as far as it goes.
 */
export function authorSummary(author: XdsAuthor): DocumentAuthorSummary | undefined {
  const person = author.authorPerson ? parseXcn(author.authorPerson) : undefined;
  const institution = firstComponent(author.authorInstitution[0]);
  const specialty = author.authorSpecialty[0]?.split('^');
  const specialtyText = specialty && (unescapeHl7(specialty[1] ?? '') || unescapeHl7(specialty[0]));
  const name = person ? `${person.givenName} ${person.familyName}`.trim() : '';
  if (!name && !person && !institution && !specialtyText) return undefined;
  const rpps =
    person && (person.authorityOid ?? ID_NAT_PS_OID) === ID_NAT_PS_OID
      ? /^8([0-9]{11})$/.exec(person.id)?.[1]
      : undefined;
  return {
    name: name || institution || person?.id || '',
    ...optional('rpps', rpps),
    ...optional('specialty', specialtyText || undefined),
    ...optional('institution', institution),
  };
}

function firstComponent(value: string | undefined): string | undefined {
  const first = value === undefined ? '' : unescapeHl7(value.split('^')[0] ?? '').trim();
  return first || undefined;
}
