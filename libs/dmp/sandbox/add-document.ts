import { randomUUID } from 'node:crypto';
import { buildCda } from '../cda';
import { XDS_ACTIONS } from '../client';
import {
  type DmpAuthor,
  type DmpPatient,
  type DmpVisibility,
  type DocumentSubmission,
  NORMAL_VISIBILITY,
} from '../model';
import { buildSoapRequest, newContentId, writeMtom } from '../transport';
import type { ValueSets } from '../value-sets';
import {
  type RegistryError,
  buildProvideAndRegisterRequest,
  parseProvideAndRegisterRequest,
} from '../xds';
import { practitionerIdOf } from './access';
import { SANDBOX_PATHS } from './options';
import type { SandboxStore } from './store';
import { contentErrors, metadataErrors, receivedDocuments } from './submission-checks';

/**
 * A document filed by another professional (a médecin généraliste, a
 * kinésithérapeute…) than the engine's users, for tests and demos: what a
 * practitioner reading the DMP finds there besides their own filings.
 *
 * It is built and checked as an ITI-41 of that professional's software would
 * be — the lib's own CDA builder and ITI-41 metadata, read back by the
 * sandbox's ITI-41 parser, through the same metadata and CDA checks — and
 * stored as an accepted ITI-41 is: Approved, the CDA bytes as ITI-43 returns
 * them, the request as an MTOM message. That request carries no VIHF: nobody
 * signed it, it never travelled.
 */
export interface OtherAuthorDocument {
  patient: DmpPatient;
  author: DmpAuthor;
  /** LOINC typeCode from JDV_J07, e.g. 11488-4 "CR ou fiche de consultation ou de visite". */
  typeCode: string;
  title: string;
  /** A plain-text body (text/plain, UTF-8); or give `content`. */
  text?: string;
  /** A body of a type the DMP takes (PDF, JPEG…); or give `text`. */
  content?: { mediaType: string; bytes: Buffer };
  /** XDS comments; 1000 characters at most. */
  comment?: string;
  /** When it was written; now by default. */
  creationTime?: Date;
  /** When the care began; creationTime by default. */
  serviceStartTime?: Date;
  visibility?: DmpVisibility;
  /** The document's OID; a fresh 2.25 OID by default. */
  uniqueId?: string;
}

export interface AddedDocument {
  uniqueId: string;
  entryUUID: string;
}

export interface AddDocumentDependencies {
  store: SandboxStore;
  valueSets: ValueSets;
  /** wsa:To of the stored request: the sandbox's repository URL when known. */
  repositoryUrl?: string;
}

/** SubmissionSet.sourceId of these documents: the "other software" they come from (a fixed 2.25 OID). */
export const OTHER_SOFTWARE_SOURCE_ID = '2.25.85136183976840642149872238882673918150';

/** A fresh OID under the UUID arc (ITU-T X.667), so that nothing real is ever named by it. */
export function newUuidOid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

export async function addOtherAuthorDocument(
  dependencies: AddDocumentDependencies,
  input: OtherAuthorDocument,
  now: Date = new Date(),
): Promise<AddedDocument> {
  const { store, valueSets } = dependencies;
  const hasDmp = await store.patientHasDmp(input.patient.ins);
  if (hasDmp !== true) {
    // No INS in the message: it may end up in a test log.
    throw new Error(
      hasDmp === undefined
        ? 'addDocument: the sandbox does not know this patient (registerPatient first)'
        : 'addDocument: this patient has no DMP',
    );
  }
  const submission = submissionOf(input, now);
  const cda = buildCda(submission, valueSets);
  const documentContentId = newContentId();
  const bodyXml = buildProvideAndRegisterRequest({
    submission,
    cda,
    valueSets,
    sourceId: OTHER_SOFTWARE_SOURCE_ID,
    submissionSetUniqueId: newUuidOid(),
    documentContentId,
    entryUUID: `urn:uuid:${randomUUID()}`,
    submissionTime: now,
  });

  // What the ITI-41 handler would make of it, and the checks it would run.
  const parsed = parseProvideAndRegisterRequest(bodyXml);
  const cdaBytes = Buffer.concat(cda.chunks);
  const received = receivedDocuments(parsed, new Map([[documentContentId, cdaBytes]]));
  const [document] = received.documents;
  const errors = [...metadataErrors(parsed, valueSets), ...received.errors];
  if (document && errors.length === 0) errors.push(...(await contentErrors(document, valueSets)));
  if (!document || errors.length > 0) throw refused(errors);

  const { xml } = buildSoapRequest({
    action: XDS_ACTIONS.provideAndRegister,
    to: dependencies.repositoryUrl ?? SANDBOX_PATHS.repository,
    bodyXml,
  });
  const request = writeMtom({
    rootXml: xml,
    attachments: [{ contentId: documentContentId, mediaType: 'text/xml', chunks: cda.chunks }],
    action: XDS_ACTIONS.provideAndRegister,
  });
  const outcome = await store.transaction(async (tx) => {
    const result = await tx.insert({
      entry: document.entry,
      patientIns: input.patient.ins,
      setId: document.facts.setId ?? submission.setId,
      versionNumber: document.facts.versionNumber ?? submission.versionNumber,
      replacesUniqueId: undefined,
      filedBy: practitionerIdOf(input.author.rpps),
      cda: document.cda,
      cdaSha1: document.cdaSha1,
      request: { contentType: request.contentType, body: Buffer.concat(request.chunks) },
    });
    return { commit: result === 'inserted', result };
  });
  if (outcome !== 'inserted') {
    throw new Error(
      `addDocument: a document with uniqueId ${submission.uniqueId} is already filed`,
    );
  }
  return { uniqueId: document.entry.uniqueId, entryUUID: document.entry.entryUUID };
}

function submissionOf(input: OtherAuthorDocument, now: Date): DocumentSubmission {
  if ((input.text === undefined) === (input.content === undefined)) {
    throw new Error('addDocument: give either text or content');
  }
  const creationTime = input.creationTime ?? now;
  return {
    uniqueId: input.uniqueId ?? newUuidOid(),
    setId: newUuidOid(),
    versionNumber: 1,
    typeCode: input.typeCode,
    title: input.title,
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
    creationTime,
    serviceStartTime: input.serviceStartTime ?? creationTime,
    content: input.content ?? {
      mediaType: 'text/plain',
      bytes: Buffer.from(input.text ?? '', 'utf8'),
    },
    visibility: input.visibility ?? NORMAL_VISIBILITY,
    patient: input.patient,
    author: input.author,
  };
}

function refused(errors: readonly RegistryError[]): Error {
  return new Error(
    `addDocument: the DMP would refuse this document: ` +
      errors.map((e) => `${e.errorCode}: ${e.codeContext}`).join('; '),
  );
}
