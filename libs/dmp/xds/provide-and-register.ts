import { DmpError } from '../errors';
import { associationXml, documentEntryXml, submissionSetXml } from './ebrim-writer';
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

/** Serialises submission metadata; the inverse of parseProvideAndRegisterRequest. */
export function writeProvideAndRegisterRequest(submission: ParsedSubmission): string {
  const objects: Xml[] = [
    ...submission.documentEntries.map(documentEntryXml),
    ...(submission.submissionSet ? submissionSetXml(submission.submissionSet) : []),
    ...submission.associations.map(associationXml),
  ];
  return element(
    'xdsb:ProvideAndRegisterDocumentSetRequest',
    namespaceDeclarations('xdsb', 'lcm', 'rim'),
    element('lcm:SubmitObjectsRequest', {}, element('rim:RegistryObjectList', {}, objects)),
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
  return writeProvideAndRegisterRequest(provideAndRegisterMetadata(input));
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
  const packages = children(list, NS.rim, 'RegistryPackage').map((p) => readSubmissionSet(p, list));
  return {
    // Other RegistryPackages would be folders, which the DMP does not use: they are not read.
    submissionSet: packages.find((p) => p.classifiedAsSubmissionSet) ?? packages[0],
    documentEntries: children(list, NS.rim, 'ExtrinsicObject').map(readDocumentEntry),
    associations: children(list, NS.rim, 'Association').map(readAssociation),
    documents: children(root, NS.xdsb, 'Document').map((document) => ({
      id: attribute(document, 'id') ?? '',
      contentId: contentIdOf(document),
    })),
  };
}
