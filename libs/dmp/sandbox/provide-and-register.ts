import { DmpError } from '../errors';
import { serializeXml } from '../transport/xml';
import {
  type AssociationMetadata,
  type ParsedSubmission,
  type RegistryError,
  buildRegistryResponse,
  parseProvideAndRegisterRequest,
} from '../xds';
import { accessRefusal, refusalAsRegistryError, sameIns } from './access';
import { SANDBOX_ERROR_CODES as CODES, registryError } from './codes';
import { type SandboxServices, accessPolicy } from './services';
import type { SoapHandler, SoapRequestContext } from './soap-endpoint';
import type { FilingTransaction, StoredEntry } from './store';
import {
  type ReceivedDocument,
  contentErrors,
  metadataErrors,
  patientErrors,
  receivedDocuments,
} from './submission-checks';

/**
 * ITI-41 Provide and Register Document Set-b (TD2.1). The checks run from the
 * cheapest to the costliest and the first failing step answers: metadata,
 * documents received, patient, access, uniqueness, CDA; then one transaction
 * stores the documents and deprecates the versions they replace, or stores
 * nothing. Every refusal is a Failure RegistryResponse.
 */
export function provideAndRegisterHandler(services: SandboxServices): SoapHandler {
  return async (context) => {
    const errors = await provideAndRegister(context, services);
    return {
      bodyXml: buildRegistryResponse({ errors }),
      summary:
        errors.length === 0
          ? 'Success'
          : `Failure (${[...new Set(errors.map((e) => e.errorCode))].join(', ')})`,
    };
  };
}

async function provideAndRegister(
  context: SoapRequestContext,
  services: SandboxServices,
): Promise<RegistryError[]> {
  let parsed: ParsedSubmission;
  try {
    parsed = parseProvideAndRegisterRequest(serializeXml(context.payload));
  } catch (error) {
    if (error instanceof DmpError) return [registryError(CODES.metadata, error.message)];
    throw error;
  }
  const metadata = metadataErrors(parsed, services.valueSets);
  if (metadata.length > 0) return metadata;

  const { documents, errors: received } = receivedDocuments(parsed, context.attachments);
  if (received.length > 0) return received;

  const patient = patientErrors(parsed, context.caller.patientIns);
  if (patient.length > 0) return patient;

  const refusal = await accessRefusal(
    services.store,
    context.caller.patientIns,
    context.caller.practitionerId,
    accessPolicy(services, context.now),
  );
  if (refusal) return [refusalAsRegistryError(refusal)];

  // Before the costly CDA validation; the insert checks again, atomically.
  const duplicates = await duplicateErrors(documents, services);
  if (duplicates.length > 0) return duplicates;

  const content: RegistryError[] = [];
  for (const document of documents) {
    content.push(...(await contentErrors(document, services.valueSets)));
  }
  if (content.length > 0) return content;

  return services.store.transaction(async (tx) => {
    const errors: RegistryError[] = [];
    for (const document of documents) {
      errors.push(...(await store(tx, document, context)));
    }
    return { commit: errors.length === 0, result: errors };
  });
}

async function duplicateErrors(
  documents: readonly ReceivedDocument[],
  services: SandboxServices,
): Promise<RegistryError[]> {
  const errors: RegistryError[] = [];
  for (const { entry } of documents) {
    if (await services.store.uniqueIdExists(entry.uniqueId)) errors.push(duplicate(entry.uniqueId));
  }
  return errors;
}

function duplicate(uniqueId: string): RegistryError {
  return registryError(
    CODES.duplicateInRegistry,
    `a document with uniqueId ${uniqueId} is already in the registry`,
    uniqueId,
  );
}

/** Stores one document, after deprecating the version it replaces (locked meanwhile). */
async function store(
  tx: FilingTransaction,
  document: ReceivedDocument,
  context: SoapRequestContext,
): Promise<RegistryError[]> {
  const { entry, facts, replacement } = document;
  const replaced = replacement && (await tx.entryForUpdate(replacement.targetObject));
  if (replacement) {
    const problem = replacementProblem(replacement, replaced, document, context);
    if (problem) return [problem];
  }
  const outcome = await tx.insert({
    entry,
    patientIns: context.caller.patientIns,
    setId: facts.setId ?? '',
    versionNumber: facts.versionNumber ?? 0,
    replacesUniqueId: replaced?.uniqueId,
    filedBy: context.caller.practitionerId,
    cda: document.cda,
    cdaSha1: document.cdaSha1,
    request: context.raw,
  });
  if (outcome === 'duplicate-unique-id') return [duplicate(entry.uniqueId)];
  if (outcome === 'duplicate-entry-uuid') {
    return [
      registryError(
        CODES.metadata,
        `entryUUID ${entry.entryUUID} already identifies another registry object`,
      ),
    ];
  }
  if (replaced) await tx.deprecate(replaced.uniqueId);
  return [];
}

/**
 * An RPLC must name an Approved entry of the same patient, and the CDA must
 * say the same (relatedDocument RPLC of that document, same setId, a later
 * versionNumber: the CDA versioning rule, facts.md §1.7).
 */
function replacementProblem(
  replacement: AssociationMetadata,
  replaced: StoredEntry | undefined,
  { entry, facts }: ReceivedDocument,
  context: SoapRequestContext,
): RegistryError | undefined {
  const cda = `CDA of DocumentEntry ${entry.entryUUID}`;
  if (!replaced) {
    return registryError(
      CODES.metadata,
      `RPLC ${replacement.id} targets ${replacement.targetObject}, which is not in the registry`,
    );
  }
  if (!sameIns(replaced.patientIns, context.caller.patientIns)) {
    return registryError(
      CODES.patientIdMismatch,
      `RPLC ${replacement.id}: the replaced document belongs to another patient`,
    );
  }
  if (replaced.status !== 'Approved') {
    return registryError(
      CODES.deprecatedDocument,
      `RPLC ${replacement.id}: document ${replaced.uniqueId} is ${replaced.status}; ` +
        `only an Approved document can be replaced`,
      replaced.uniqueId,
    );
  }
  if (!facts.replacedIds.includes(replaced.uniqueId)) {
    return registryError(
      CODES.invalidContent,
      `${cda}: relatedDocument RPLC names ${facts.replacedIds.join(', ')}, ` +
        `not the replaced document ${replaced.uniqueId}`,
    );
  }
  if (facts.setId !== replaced.setId) {
    return registryError(
      CODES.invalidContent,
      `${cda}: setId ${facts.setId ?? '(none)'} is not the replaced version's ${replaced.setId}`,
    );
  }
  if ((facts.versionNumber ?? 0) <= replaced.versionNumber) {
    return registryError(
      CODES.invalidContent,
      `${cda}: versionNumber ${facts.versionNumber ?? '(none)'} does not follow the replaced ` +
        `version's ${replaced.versionNumber}`,
    );
  }
  return undefined;
}
