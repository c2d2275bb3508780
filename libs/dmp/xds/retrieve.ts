import { DmpError } from '../errors';
import { NS, namespaceDeclarations } from './namespaces';
import { dmpErrorFor } from './registry-errors';
import {
  readRegistryResponse,
  registryResponseXml,
  type RegistryError,
  type RegistryStatus,
} from './registry-response';
import { isOid } from './validation';
import { element, text } from './xml-writer';
import { child, childText, children, parseRoot } from './xml-reader';
import { cidHref, contentIdOf } from './xop';

/**
 * ITI-43 Retrieve Document Set (TD3.2). The document bytes travel as MTOM
 * parts: the messages only carry xop:Include references, resolved by the
 * transport.
 */

export interface DocumentReference {
  repositoryUniqueId: string;
  documentUniqueId: string;
}

export interface RetrievedDocument extends DocumentReference {
  mimeType: string;
  /** Content-ID of the MTOM part holding the bytes (no "cid:", no angle brackets). */
  contentId: string;
}

export interface RetrieveDocumentSetResult {
  status: RegistryStatus;
  documents: RetrievedDocument[];
  /** Errors and warnings about documents that did not come (PartialSuccess). */
  errors: RegistryError[];
}

const requestElement = (reference: DocumentReference) =>
  element(
    'xdsb:DocumentRequest',
    {},
    element('xdsb:RepositoryUniqueId', {}, text(reference.repositoryUniqueId)),
    element('xdsb:DocumentUniqueId', {}, text(reference.documentUniqueId)),
  );

export function buildRetrieveDocumentSetRequest(reference: DocumentReference): string {
  for (const [what, value] of [
    ['repositoryUniqueId', reference.repositoryUniqueId],
    ['documentUniqueId', reference.documentUniqueId],
  ]) {
    if (!isOid(value)) throw new DmpError('INVALID_SUBMISSION', `${what} "${value}" is not an OID`);
  }
  return element(
    'xdsb:RetrieveDocumentSetRequest',
    namespaceDeclarations('xdsb'),
    requestElement(reference),
  );
}

/** Reads an ITI-43 request (the local sandbox's side). */
export function parseRetrieveDocumentSetRequest(xml: string): DocumentReference[] {
  const root = parseRoot(xml, NS.xdsb, 'RetrieveDocumentSetRequest', 'INVALID_SUBMISSION');
  const requests = children(root, NS.xdsb, 'DocumentRequest').map((request) => ({
    repositoryUniqueId: childText(request, NS.xdsb, 'RepositoryUniqueId') ?? '',
    documentUniqueId: childText(request, NS.xdsb, 'DocumentUniqueId') ?? '',
  }));
  if (requests.length === 0) throw new DmpError('INVALID_SUBMISSION', 'no xdsb:DocumentRequest');
  const incomplete = requests.find((r) => !r.repositoryUniqueId || !r.documentUniqueId);
  if (incomplete) {
    throw new DmpError(
      'INVALID_SUBMISSION',
      'a DocumentRequest lacks its RepositoryUniqueId or DocumentUniqueId',
    );
  }
  return requests;
}

/**
 * The ITI-43 answer (sandbox side). Status: Success when every document
 * comes, PartialSuccess when some do and errors explain the others, Failure
 * when none does.
 */
export function buildRetrieveDocumentSetResponse(options: {
  documents: RetrievedDocument[];
  errors?: RegistryError[];
}): string {
  const errors = options.errors ?? [];
  const failed = errors.some((e) => e.severity === 'Error');
  const status: RegistryStatus = !failed
    ? 'Success'
    : options.documents.length > 0
      ? 'PartialSuccess'
      : 'Failure';
  return element(
    'xdsb:RetrieveDocumentSetResponse',
    namespaceDeclarations('xdsb', 'rs'),
    registryResponseXml(errors, status),
    options.documents.map((document) =>
      element(
        'xdsb:DocumentResponse',
        {},
        element('xdsb:RepositoryUniqueId', {}, text(document.repositoryUniqueId)),
        element('xdsb:DocumentUniqueId', {}, text(document.documentUniqueId)),
        element('xdsb:mimeType', {}, text(document.mimeType)),
        element(
          'xdsb:Document',
          {},
          element('xop:Include', { href: cidHref(document.contentId), 'xmlns:xop': NS.xop }),
        ),
      ),
    ),
  );
}

/**
 * Reads an ITI-43 answer (client side): the documents and the MTOM parts to
 * read them from. A Failure becomes its DmpError.
 */
export function parseRetrieveDocumentSetResponse(xml: string): RetrieveDocumentSetResult {
  const root = parseRoot(xml, NS.xdsb, 'RetrieveDocumentSetResponse', 'UNAVAILABLE');
  const registryResponse = child(root, NS.rs, 'RegistryResponse');
  if (!registryResponse) throw new DmpError('UNAVAILABLE', 'no rs:RegistryResponse in the answer');
  const response = readRegistryResponse(registryResponse);
  if (response.status === 'Failure') {
    throw dmpErrorFor(response) ?? new DmpError('DOCUMENT_REJECTED', 'retrieve failed');
  }
  const documents = children(root, NS.xdsb, 'DocumentResponse').map((document) => {
    const holder = child(document, NS.xdsb, 'Document');
    const contentId = holder && contentIdOf(holder);
    const reference = {
      repositoryUniqueId: childText(document, NS.xdsb, 'RepositoryUniqueId') ?? '',
      documentUniqueId: childText(document, NS.xdsb, 'DocumentUniqueId') ?? '',
      mimeType: childText(document, NS.xdsb, 'mimeType') ?? '',
    };
    if (!contentId) {
      // Inline base64 is legal XDS but our transport only resolves MTOM parts.
      throw new DmpError(
        'UNAVAILABLE',
        `document ${reference.documentUniqueId} came without an xop:Include`,
      );
    }
    return { ...reference, contentId };
  });
  return { status: response.status, documents, errors: response.errors };
}
