import { DmpError } from '../errors';
import type { CodedValue } from '../model';
import { documentEntryXml } from './ebrim-writer';
import { readDocumentEntry } from './ebrim-reader';
import type { DocumentEntryMetadata } from './metadata';
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
  };
}
