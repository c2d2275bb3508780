import type { Element } from '@xmldom/xmldom';
import { DmpError } from '../errors';
import {
  associationXml,
  documentEntryXml,
  submissionSetXml,
  type RegistryIdGenerator,
} from './ebrim-writer';
import { readAssociation, readDocumentEntry, readSubmissionSet } from './ebrim-reader';
import type { ParsedSubmission } from './metadata';
import { NS, namespaceDeclarations } from './namespaces';
import { provideAndRegisterMetadata, type ProvideAndRegisterInput } from './submission-metadata';
import { element, type Xml } from './xml-writer';
import { attribute, child, children, parseRoot } from './xml-reader';
import { cidHref, contentIdOf } from './xop';

/**
 * ITI-41 Provide and Register Document Set-b (TD2.1): the SOAP Body payload.
 * The documents travel as MTOM parts; each xdsb:Document only points at its
 * part with an xop:Include.
 */

export interface MetadataWriteOptions {
  /** Ids of the Classifications and ExternalIdentifiers; random urn:uuids when absent. */
  newId?: RegistryIdGenerator;
}

function registryObjectList(submission: ParsedSubmission, options: MetadataWriteOptions): Xml {
  const objects: Xml[] = [
    ...submission.documentEntries.map((entry) => documentEntryXml(entry, options.newId)),
    ...(submission.submissionSet ? submissionSetXml(submission.submissionSet, options.newId) : []),
    ...submission.associations.map(associationXml),
  ];
  return element('rim:RegistryObjectList', {}, objects);
}

/** Serialises submission metadata; the inverse of parseProvideAndRegisterRequest. */
export function writeProvideAndRegisterRequest(
  submission: ParsedSubmission,
  options: MetadataWriteOptions = {},
): string {
  return element(
    'xdsb:ProvideAndRegisterDocumentSetRequest',
    namespaceDeclarations('xdsb', 'lcm', 'rim'),
    element('lcm:SubmitObjectsRequest', {}, registryObjectList(submission, options)),
    submission.documents.map((document) =>
      element(
        'xdsb:Document',
        { id: document.id },
        document.contentId === undefined
          ? undefined
          : element('xop:Include', {
              href: cidHref(document.contentId),
              'xmlns:xop': NS.xop,
            }),
      ),
    ),
  );
}

/** The xdsb:ProvideAndRegisterDocumentSetRequest of one document, ready for the transport. */
export function buildProvideAndRegisterRequest(input: ProvideAndRegisterInput): string {
  return writeProvideAndRegisterRequest(
    provideAndRegisterMetadata(input),
    input.newId ? { newId: input.newId } : {},
  );
}

/**
 * The metadata alone, as a standalone lcm:SubmitObjectsRequest: what an IHE
 * XDM package holds in METADATA.XML (ITI TF-3 §4.2.3, XDM). The documents are
 * files beside it (DocumentEntry slot URI), so `submission.documents` is not
 * written.
 */
export function writeSubmitObjectsRequest(
  submission: ParsedSubmission,
  options: MetadataWriteOptions = {},
): string {
  return element(
    'lcm:SubmitObjectsRequest',
    namespaceDeclarations('lcm', 'rim'),
    registryObjectList(submission, options),
  );
}

function readRegistryObjectList(
  list: Element,
): Pick<ParsedSubmission, 'submissionSet' | 'documentEntries' | 'associations'> {
  const packages = children(list, NS.rim, 'RegistryPackage').map((p) => readSubmissionSet(p, list));
  return {
    // Other RegistryPackages would be folders, which the DMP does not use: they are not read.
    submissionSet: packages.find((p) => p.classifiedAsSubmissionSet) ?? packages[0],
    documentEntries: children(list, NS.rim, 'ExtrinsicObject').map(readDocumentEntry),
    associations: children(list, NS.rim, 'Association').map(readAssociation),
  };
}

/** Reads an XDM METADATA.XML (a standalone lcm:SubmitObjectsRequest); `documents` is empty. */
export function parseSubmitObjectsRequest(xml: string): ParsedSubmission {
  const request = parseRoot(xml, NS.lcm, 'SubmitObjectsRequest', 'INVALID_SUBMISSION');
  const list = child(request, NS.rim, 'RegistryObjectList');
  if (!list) throw new DmpError('INVALID_SUBMISSION', 'no rim:RegistryObjectList');
  return { ...readRegistryObjectList(list), documents: [] };
}

/**
 * Reads an ITI-41 request back (the local sandbox's side). It keeps whatever is
 * there, so that checkSubmission can say what is wrong; only an unreadable
 * message is refused.
 */
export function parseProvideAndRegisterRequest(xml: string): ParsedSubmission {
  const root = parseRoot(
    xml,
    NS.xdsb,
    'ProvideAndRegisterDocumentSetRequest',
    'INVALID_SUBMISSION',
  );
  const request = child(root, NS.lcm, 'SubmitObjectsRequest');
  const list = request && child(request, NS.rim, 'RegistryObjectList');
  if (!list) {
    throw new DmpError('INVALID_SUBMISSION', 'no lcm:SubmitObjectsRequest/rim:RegistryObjectList');
  }
  return {
    ...readRegistryObjectList(list),
    documents: children(root, NS.xdsb, 'Document').map((document) => ({
      id: attribute(document, 'id') ?? '',
      contentId: contentIdOf(document),
    })),
  };
}
