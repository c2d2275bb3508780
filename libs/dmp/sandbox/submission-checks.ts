import { createHash } from 'node:crypto';
import { validateCda } from '../cda';
import type { ValueSets } from '../value-sets';
import {
  ASSOCIATION_TYPE,
  type AssociationMetadata,
  type DocumentEntryMetadata,
  type ParsedSubmission,
  type RegistryError,
  checkSubmission,
  contentProblems,
} from '../xds';
import { insOfCx, sameIns } from './access';
import { type CdaFacts, readCdaFacts } from './cda-facts';
import { SANDBOX_ERROR_CODES as CODES, registryError, registryErrorOf } from './codes';
import type { SandboxIns } from './options';

/**
 * The checks of an ITI-41 submission that need no storage: its metadata, the
 * documents received beside it, its patient, and each CDA with what its
 * metadata says of it. Each returns RegistryErrors whose codeContext names
 * the object and the problem.
 */

/** A DocumentEntry with the bytes of its document, once they have been found and checked. */
export interface ReceivedDocument {
  entry: DocumentEntryMetadata & { uniqueId: string };
  cda: Buffer;
  cdaSha1: string;
  /** The RPLC association starting from this entry, when it replaces one. */
  replacement: AssociationMetadata | undefined;
  facts: CdaFacts;
}

export function metadataErrors(parsed: ParsedSubmission, valueSets: ValueSets): RegistryError[] {
  return checkSubmission(parsed, valueSets).map((problem) =>
    registryErrorOf(problem, CODES.metadata),
  );
}

/**
 * Each entry's document, found by the Content-ID of its xop:Include among the
 * MTOM parts, and compared with the entry's hash and size.
 */
export function receivedDocuments(
  parsed: ParsedSubmission,
  attachments: ReadonlyMap<string, Buffer>,
): { documents: ReceivedDocument[]; errors: RegistryError[] } {
  const errors: RegistryError[] = [];
  const documents: ReceivedDocument[] = [];
  for (const entry of parsed.documentEntries) {
    const contentId = parsed.documents.find((d) => d.id === entry.entryUUID)?.contentId ?? '';
    const cda = attachments.get(contentId);
    if (!cda) {
      errors.push(
        registryError(
          CODES.missingDocument,
          `DocumentEntry ${entry.entryUUID}: no MTOM part with Content-ID <${contentId}>`,
          entry.entryUUID,
        ),
      );
      continue;
    }
    const cdaSha1 = createHash('sha1').update(cda).digest('hex');
    const problems = contentProblems(entry, { sha1: cdaSha1, byteLength: cda.length });
    errors.push(
      ...problems.map((problem) => ({
        ...registryErrorOf(`DocumentEntry ${entry.entryUUID}: ${problem}`, CODES.metadata),
        location: entry.entryUUID,
      })),
    );
    documents.push({
      // checkSubmission has made sure every entry has a uniqueId.
      entry: { ...entry, uniqueId: entry.uniqueId ?? '' },
      cda,
      cdaSha1,
      replacement: parsed.associations.find(
        (a) => a.associationType === ASSOCIATION_TYPE.replace && a.sourceObject === entry.entryUUID,
      ),
      facts: readCdaFacts(cda),
    });
  }
  return { documents, errors };
}

/** In the DMP a request concerns one patient: the one its VIHF names. */
export function patientErrors(parsed: ParsedSubmission, vihfPatient: SandboxIns): RegistryError[] {
  return parsed.documentEntries.flatMap((entry) => {
    const ins = insOfCx(entry.patientId);
    return ins && sameIns(ins, vihfPatient)
      ? []
      : [
          registryError(
            CODES.patientIdMismatch,
            `DocumentEntry ${entry.entryUUID}: patientId is not the patient named in the VIHF ` +
              `(resource-id)`,
            entry.entryUUID,
          ),
        ];
  });
}

/**
 * The CDA as the DMP reads it (schema, CI-SIS header rules, value sets), then
 * agreeing with its DocumentEntry: the same id, patient and type, and a
 * relatedDocument RPLC exactly when the submission replaces an entry.
 */
export async function contentErrors(
  document: ReceivedDocument,
  valueSets: ValueSets,
): Promise<RegistryError[]> {
  const { entry, facts } = document;
  const where = `CDA of DocumentEntry ${entry.entryUUID}`;
  const invalid = (problem: string, code: string = CODES.invalidContent): RegistryError =>
    registryError(code, `${where}: ${problem}`, entry.uniqueId);

  const validation = await validateCda(document.cda, valueSets);
  if (!validation.valid) return validation.errors.map((error) => invalid(error));

  const errors: RegistryError[] = [];
  if (facts.id !== entry.uniqueId) {
    errors.push(
      invalid(`id ${facts.id ?? '(none)'} is not the entry's uniqueId ${entry.uniqueId}`),
    );
  }
  const entryIns = insOfCx(entry.patientId);
  if (!facts.patientIns || !entryIns || !sameIns(facts.patientIns, entryIns)) {
    errors.push(
      invalid('recordTarget names another patient than the entry', CODES.patientIdMismatch),
    );
  }
  if (
    !facts.code ||
    facts.code.code !== entry.typeCode?.code ||
    facts.code.codeSystem !== entry.typeCode.codeSystem
  ) {
    errors.push(
      invalid(
        `code ${facts.code?.code ?? '(none)'} is not the entry's typeCode ${entry.typeCode?.code ?? '(none)'}`,
      ),
    );
  }
  if (document.replacement && facts.replacedIds.length === 0) {
    errors.push(
      invalid('the submission replaces an entry (RPLC) but the CDA has no relatedDocument RPLC'),
    );
  }
  if (!document.replacement && facts.replacedIds.length > 0) {
    errors.push(
      invalid(
        `relatedDocument RPLC names ${facts.replacedIds.join(', ')} but the submission has no RPLC association`,
      ),
    );
  }
  return errors;
}
