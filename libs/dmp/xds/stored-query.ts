import { DmpError } from '../errors';
import type { CodedValue, DmpPatient } from '../model';
import { VALUE_SETS, type ValueSets } from '../value-sets';
import { assertQualifiedIns, insCx } from './hl7v2';
import { AVAILABILITY_STATUS, STORED_QUERY } from './identifiers';
import { NS, namespaceDeclarations } from './namespaces';
import { isOid } from './validation';
import { slotValues } from './ebrim-reader';
import { element, text, type Xml } from './xml-writer';
import { attribute, child, parseRoot } from './xml-reader';

/**
 * ITI-18 Registry Stored Query (TD3.1): the two queries the adapter needs,
 * FindDocuments (a patient's documents) and GetDocuments (entries by
 * uniqueId, e.g. to find the entryUUID of a document to replace). Both ask for
 * LeafClass results: full metadata, not references.
 */

export type DocumentStatus = 'Approved' | 'Deprecated';

export interface FindDocumentsQuery {
  kind: 'FindDocuments';
  /** $XDSDocumentEntryPatientId, a CX. */
  patientId: string;
  /** $XDSDocumentEntryStatus, full URNs. */
  statuses: string[];
  /** $XDSDocumentEntryTypeCode; empty when not filtered. */
  typeCodes: Pick<CodedValue, 'code' | 'codeSystem'>[];
  returnType: string;
}

export interface GetDocumentsQuery {
  kind: 'GetDocuments';
  /** $XDSDocumentEntryUniqueId. */
  uniqueIds: string[];
  returnType: string;
}

export type StoredQuery = FindDocumentsQuery | GetDocumentsQuery;

/** Stored-query string literal: single quotes, an inner quote doubled. */
const quoted = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const list = (values: readonly string[]): string => `(${values.map(quoted).join(',')})`;

function slotXml(name: string, value: string): Xml {
  return element(
    'rim:Slot',
    { name },
    element('rim:ValueList', {}, element('rim:Value', {}, text(value))),
  );
}

function adhocQueryRequest(queryId: string, slots: Xml[]): string {
  return element(
    'query:AdhocQueryRequest',
    namespaceDeclarations('query', 'rim'),
    element('query:ResponseOption', { returnComposedObjects: 'true', returnType: 'LeafClass' }),
    element('rim:AdhocQuery', { id: queryId }, slots),
  );
}

export function buildFindDocumentsRequest(options: {
  patient: DmpPatient['ins'];
  /** JDV_J07 codes; each is checked against the value set. */
  typeCodes?: string[];
  /** Defaults to Approved only (a replaced document is Deprecated). */
  statuses?: DocumentStatus[];
  valueSets: ValueSets;
}): string {
  assertQualifiedIns(options.patient);
  const statuses = (options.statuses ?? ['Approved']).map((s) =>
    s === 'Approved' ? AVAILABILITY_STATUS.approved : AVAILABILITY_STATUS.deprecated,
  );
  const typeCodes = (options.typeCodes ?? []).map((code) =>
    options.valueSets.concept(VALUE_SETS.typeCode, code),
  );
  return adhocQueryRequest(STORED_QUERY.findDocuments, [
    slotXml('$XDSDocumentEntryPatientId', quoted(insCx(options.patient))),
    slotXml('$XDSDocumentEntryStatus', list(statuses)),
    ...(typeCodes.length > 0
      ? [
          slotXml(
            '$XDSDocumentEntryTypeCode',
            list(typeCodes.map((c) => `${c.code}^^${c.codeSystem}`)),
          ),
        ]
      : []),
  ]);
}

export function buildGetDocumentsRequest(options: { uniqueIds: string[] }): string {
  if (options.uniqueIds.length === 0) {
    throw new DmpError('INVALID_SUBMISSION', 'GetDocuments needs at least one uniqueId');
  }
  const notOid = options.uniqueIds.find((id) => !isOid(id));
  if (notOid) throw new DmpError('INVALID_SUBMISSION', `uniqueId "${notOid}" is not an OID`);
  return adhocQueryRequest(STORED_QUERY.getDocuments, [
    slotXml('$XDSDocumentEntryUniqueId', list(options.uniqueIds)),
  ]);
}

/**
 * The values of a stored-query parameter: a single literal ('a'), or a list
 * ('a','b') possibly spread over several rim:Value elements (ITI TF-2a
 * §3.18.4.1.2.3.5).
 */
export function parseQueryValues(values: readonly string[]): string[] {
  const found: string[] = [];
  for (const raw of values) {
    const value = raw.trim().replace(/^\(/, '').replace(/\)$/, '');
    const literal = /\s*'((?:[^']|'')*)'\s*(?:,|$)/gy;
    let match: RegExpExecArray | null;
    let consumed = 0;
    while (consumed < value.length && (match = literal.exec(value)) !== null) {
      found.push((match[1] ?? '').replace(/''/g, "'"));
      consumed = literal.lastIndex;
    }
    if (consumed < value.length) {
      throw new DmpError('INVALID_SUBMISSION', `malformed stored query value: ${raw}`);
    }
  }
  return found;
}

/** Reads an ITI-18 request (the local sandbox's side). */
export function parseAdhocQueryRequest(xml: string): StoredQuery {
  const root = parseRoot(xml, NS.query, 'AdhocQueryRequest', 'INVALID_SUBMISSION');
  const query = child(root, NS.rim, 'AdhocQuery');
  if (!query) throw new DmpError('INVALID_SUBMISSION', 'no rim:AdhocQuery');
  const responseOption = child(root, NS.query, 'ResponseOption');
  const returnType = (responseOption && attribute(responseOption, 'returnType')) ?? 'LeafClass';
  const parameter = (name: string): string[] => parseQueryValues(slotValues(query, name));
  const id = attribute(query, 'id');
  if (id === STORED_QUERY.findDocuments) {
    const [patientId, ...others] = parameter('$XDSDocumentEntryPatientId');
    if (patientId === undefined || others.length > 0) {
      throw new DmpError(
        'INVALID_SUBMISSION',
        'FindDocuments needs exactly one $XDSDocumentEntryPatientId',
      );
    }
    const statuses = parameter('$XDSDocumentEntryStatus');
    if (statuses.length === 0) {
      throw new DmpError('INVALID_SUBMISSION', 'FindDocuments needs $XDSDocumentEntryStatus');
    }
    return {
      kind: 'FindDocuments',
      patientId,
      statuses,
      typeCodes: parameter('$XDSDocumentEntryTypeCode').map((value) => {
        const [code = '', , codeSystem = ''] = value.split('^');
        return { code, codeSystem };
      }),
      returnType,
    };
  }
  if (id === STORED_QUERY.getDocuments) {
    const uniqueIds = parameter('$XDSDocumentEntryUniqueId');
    if (uniqueIds.length === 0) {
      throw new DmpError('INVALID_SUBMISSION', 'GetDocuments needs $XDSDocumentEntryUniqueId');
    }
    return { kind: 'GetDocuments', uniqueIds, returnType };
  }
  throw new DmpError('INVALID_SUBMISSION', `XDSUnknownStoredQuery: ${id ?? '(no id)'}`);
}
