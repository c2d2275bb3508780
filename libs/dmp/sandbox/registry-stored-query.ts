import { DmpError } from '../errors';
import { serializeXml } from '../transport/xml';
import {
  AVAILABILITY_STATUS,
  type DocumentEntryMetadata,
  type RegistryError,
  type StoredQuery,
  buildAdhocQueryResponse,
  parseAdhocQueryRequest,
} from '../xds';
import { accessRefusal, insOfCx, refusalAsRegistryError, sameIns } from './access';
import { SANDBOX_ERROR_CODES as CODES, registryError, registryErrorOf } from './codes';
import type { SandboxDocumentStatus } from './options';
import { readerOf, visibleEntries } from './read-visibility';
import { type SandboxServices, accessPolicy } from './services';
import type { SoapHandler, SoapRequestContext } from './soap-endpoint';
import type { StoredEntry } from './store';

/**
 * ITI-18 Registry Stored Query (TD3.1): FindDocuments and GetDocuments,
 * LeafClass answers. Every query is confined to the patient the VIHF names:
 * a GetDocuments for another patient's document finds nothing. So does one
 * for a document the caller may not read (masked from professionals, see
 * read-visibility.ts): FindDocuments leaves it out.
 */
export function registryStoredQueryHandler(services: SandboxServices): SoapHandler {
  return async (context) => {
    const answer = await storedQuery(context, services);
    if ('errors' in answer) {
      return {
        bodyXml: buildAdhocQueryResponse([], answer.errors),
        summary: `Failure (${answer.errors.map((e) => e.errorCode).join(', ')})`,
      };
    }
    return {
      bodyXml: buildAdhocQueryResponse(answer.entries.map((e) => asRegistryEntry(e, services))),
      summary: `Success, ${answer.entries.length} entries`,
    };
  };
}

const STATUS_OF_URN: Readonly<Record<string, SandboxDocumentStatus>> = {
  [AVAILABILITY_STATUS.approved]: 'Approved',
  [AVAILABILITY_STATUS.deprecated]: 'Deprecated',
};

async function storedQuery(
  context: SoapRequestContext,
  services: SandboxServices,
): Promise<{ entries: StoredEntry[] } | { errors: RegistryError[] }> {
  let query: StoredQuery;
  try {
    query = parseAdhocQueryRequest(serializeXml(context.payload));
  } catch (error) {
    if (error instanceof DmpError) {
      return { errors: [registryErrorOf(error.message, CODES.registryError)] };
    }
    throw error;
  }
  if (query.returnType !== 'LeafClass') {
    return {
      errors: [
        registryError(
          CODES.registryError,
          `returnType ${query.returnType}: the sandbox answers LeafClass queries only`,
        ),
      ],
    };
  }
  const patient = context.caller.patientIns;
  if (query.kind === 'FindDocuments') {
    const queried = insOfCx(query.patientId);
    if (!queried || !sameIns(queried, patient)) {
      return {
        errors: [
          registryError(
            CODES.patientIdMismatch,
            '$XDSDocumentEntryPatientId is not the patient named in the VIHF (resource-id)',
          ),
        ],
      };
    }
  }
  const refusal = await accessRefusal(
    services.store,
    patient,
    context.caller.practitionerId,
    accessPolicy(services, context.now),
  );
  if (refusal) return { errors: [refusalAsRegistryError(refusal)] };

  const reader = await readerOf(services.store, patient, context.caller.practitionerId);
  if (query.kind === 'GetDocuments') {
    return {
      entries: visibleEntries(
        await services.store.entriesByUniqueId(patient, query.uniqueIds),
        reader,
      ),
    };
  }
  // Status URNs the sandbox does not keep (Submitted, Archived…) simply match nothing.
  const statuses = query.statuses.flatMap((urn) => STATUS_OF_URN[urn] ?? []);
  const entries = visibleEntries(await services.store.entriesOfPatient(patient, statuses), reader);
  return {
    entries:
      query.typeCodes.length === 0
        ? entries
        : entries.filter(({ metadata }) =>
            query.typeCodes.some(
              (wanted) =>
                wanted.code === metadata.typeCode?.code &&
                (!wanted.codeSystem || wanted.codeSystem === metadata.typeCode.codeSystem),
            ),
          ),
  };
}

/** The entry as the registry holds it now: its current status, and where to retrieve it. */
function asRegistryEntry(entry: StoredEntry, services: SandboxServices): DocumentEntryMetadata {
  return {
    ...entry.metadata,
    entryUUID: entry.entryUUID,
    status:
      entry.status === 'Approved' ? AVAILABILITY_STATUS.approved : AVAILABILITY_STATUS.deprecated,
    repositoryUniqueId: services.repositoryUniqueId,
  };
}
