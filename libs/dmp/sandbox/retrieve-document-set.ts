import { DmpError } from '../errors';
import { newContentId } from '../transport';
import { serializeXml } from '../transport/xml';
import {
  type DocumentReference,
  type RegistryError,
  type RetrievedDocument,
  buildRetrieveDocumentSetResponse,
  parseRetrieveDocumentSetRequest,
} from '../xds';
import { accessRefusal, refusalAsRegistryError } from './access';
import { SANDBOX_ERROR_CODES as CODES, registryError } from './codes';
import { readerOf, visibleEntries } from './read-visibility';
import { type SandboxServices, accessPolicy } from './services';
import type { SoapHandler, SoapResult } from './soap-endpoint';

/**
 * ITI-43 Retrieve Document Set (TD3.2): each requested document of the VIHF's
 * patient as an MTOM part, exactly the bytes filed; the others as errors
 * (another repository, or no such document for this patient — which is also
 * the answer for a document the caller may not read, see read-visibility.ts).
 */
export function retrieveDocumentSetHandler(services: SandboxServices): SoapHandler {
  return async (context) => {
    let requests: DocumentReference[];
    try {
      requests = parseRetrieveDocumentSetRequest(serializeXml(context.payload));
    } catch (error) {
      if (error instanceof DmpError) {
        return failure([registryError(CODES.repositoryMetadata, error.message)]);
      }
      throw error;
    }
    const patient = context.caller.patientIns;
    const refusal = await accessRefusal(
      services.store,
      patient,
      context.caller.practitionerId,
      accessPolicy(services, context.now),
    );
    if (refusal) return failure([refusalAsRegistryError(refusal)]);

    const here = requests
      .filter((r) => r.repositoryUniqueId === services.repositoryUniqueId)
      .map((r) => r.documentUniqueId);
    const readable = visibleEntries(
      await services.store.entriesByUniqueId(patient, here),
      await readerOf(services.store, patient, context.caller.practitionerId),
    );
    const stored = await services.store.cdaOf(
      patient,
      readable.map((entry) => entry.uniqueId),
    );
    const documents: RetrievedDocument[] = [];
    const attachments: NonNullable<SoapResult['attachments']> = [];
    const errors: RegistryError[] = [];
    for (const request of requests) {
      const bytes = stored.get(request.documentUniqueId);
      if (request.repositoryUniqueId !== services.repositoryUniqueId) {
        errors.push(
          registryError(
            CODES.unknownRepository,
            `repository ${request.repositoryUniqueId} is not this one (${services.repositoryUniqueId})`,
            request.documentUniqueId,
          ),
        );
      } else if (!bytes) {
        errors.push(
          registryError(
            CODES.unknownDocument,
            `no document ${request.documentUniqueId} for the patient named in the VIHF`,
            request.documentUniqueId,
          ),
        );
      } else {
        const contentId = newContentId();
        documents.push({ ...request, mimeType: 'text/xml', contentId });
        attachments.push({ contentId, mediaType: 'text/xml', chunks: [bytes] });
      }
    }
    return {
      bodyXml: buildRetrieveDocumentSetResponse({ documents, errors }),
      attachments,
      summary:
        errors.length === 0
          ? `Success, ${documents.length} documents`
          : `${documents.length} documents, errors (${errors.map((e) => e.errorCode).join(', ')})`,
    };
  };
}

function failure(errors: RegistryError[]): SoapResult {
  return {
    bodyXml: buildRetrieveDocumentSetResponse({ documents: [], errors }),
    summary: `Failure (${errors.map((e) => e.errorCode).join(', ')})`,
  };
}
