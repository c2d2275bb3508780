import { randomUUID } from 'node:crypto';
import { XMLSerializer } from '@xmldom/xmldom';
import type { Element } from '@xmldom/xmldom';
import { buildCda } from './cda';
import { DmpError } from './errors';
import type { DmpAuthor, DmpPatient, DocumentSubmission } from './model';
import {
  AuthorizationPolicy,
  DEFAULT_AUTHORIZATION_POLICY,
  TestAuthorizationResponse,
  TlsCredentials,
  VihfOptions,
  VihfSigner,
  authorizationProblem,
  authorizationRenewalDay,
  callSoap,
  createSignedVihf,
  newContentId,
  postSoap,
  testAuthorization,
  updateAuthorization,
  webAccessUrl,
} from './transport';
import type { HttpBody } from './transport';
import type { ValueSets } from './value-sets';
import {
  DocumentEntrySummary,
  assertRegistrySuccess,
  buildFindDocumentsRequest,
  buildGetDocumentsRequest,
  buildProvideAndRegisterRequest,
  buildRetrieveDocumentSetRequest,
  parseAdhocQueryResponse,
  parseRegistryResponse,
  parseRetrieveDocumentSetResponse,
} from './xds';

/** SOAP actions of the IHE XDS.b transactions (ITI TF-2b). */
export const XDS_ACTIONS = {
  provideAndRegister: 'urn:ihe:iti:2007:ProvideAndRegisterDocumentSet-b',
  registryStoredQuery: 'urn:ihe:iti:2007:RegistryStoredQuery',
  retrieveDocumentSet: 'urn:ihe:iti:2007:RetrieveDocumentSet',
} as const;

/** Where the DMP answers: the URLs are in the (non-public) DMP integration guide, so they are configuration. */
export interface DmpEndpoints {
  /** XDS.b document repository: ITI-41 and ITI-43. */
  repositoryUrl: string;
  /** XDS.b document registry: ITI-18. */
  registryUrl: string;
  /** The DMP's own transactions: TD0.2, TD0.3. */
  transactionsUrl: string;
  /** The web portal for professionals (TD0.9 contextual access). */
  webPortalUrl: string;
}

export interface DmpClientOptions {
  endpoints: DmpEndpoints;
  /** The structure's authentication certificate (IGC-Santé ORG AUTH_CLI) and the DMP's CAs. */
  tls: TlsCredentials;
  /** The structure's signing certificate (ORG SIGN), for the VIHF and TD0.9 tokens. */
  signer: VihfSigner;
  vihf: VihfOptions;
  /** OID of this software installation (XDSSubmissionSet.sourceId). */
  sourceId: string;
  /**
   * The structure the software authenticates as (indirect mode): its certificates' structure.
   * The DMP refuses a VIHF naming another one, so the VIHF names this structure while each
   * document keeps its author's own structure. When absent, the author's structure is named.
   */
  structureIdNat?: string;
  valueSets: ValueSets;
  authorization?: AuthorizationPolicy;
  timeoutMs?: number;
  /** Sees each filing exactly as it leaves (the CDA and the ITI-41 request), for inspection; it must not log them. */
  onFiling?: (sent: SentFiling) => void;
}

export interface SentFiling {
  uniqueId: string;
  cda: { chunks: Buffer[]; byteLength: number };
  request: HttpBody;
}

export interface FilingResult {
  /** The document's uniqueId in the DMP (the CDA id). */
  uniqueId: string;
  entryUUID: string;
  /** True when the DMP already held this very document: a retried filing after a crash. */
  alreadyFiled: boolean;
}

const serializer = new XMLSerializer();

/**
 * The DMP as a practitioner's software uses it: authorisation (TD0.2/TD0.3),
 * filing (ITI-41, after checking with ITI-18 that the document is not already
 * there), finding (ITI-18), retrieving (ITI-43) and the contextual web access
 * (TD0.9). Every call carries a VIHF naming the practitioner, their structure
 * and the patient, signed with the structure's certificate, over mutual TLS.
 */
export class DmpClient {
  private readonly timeoutMs: number;

  constructor(private readonly options: DmpClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** TD0.2: the DMP exists and this practitioner may file in it now; a typed error otherwise. */
  async checkAccess(author: DmpAuthor, patient: DmpPatient): Promise<TestAuthorizationResponse> {
    const response = await testAuthorization(
      this.context(author, patient, this.options.endpoints.transactionsUrl),
      {
        patientIns: patient.ins,
      },
    );
    const problem = authorizationProblem(
      response,
      this.options.authorization ?? DEFAULT_AUTHORIZATION_POLICY,
    );
    if (problem) throw problem;
    return response;
  }

  /**
   * TD0.2 as it answers, without judging it: whether the DMP exists, this
   * practitioner's authorisation and its date, with the problem it poses under
   * the engine's policy (undefined when the practitioner may read and file now).
   */
  async accessStatus(
    author: DmpAuthor,
    patient: DmpPatient,
  ): Promise<TestAuthorizationResponse & { problem?: DmpError; renewBy?: string }> {
    const response = await testAuthorization(
      this.context(author, patient, this.options.endpoints.transactionsUrl),
      { patientIns: patient.ins },
    );
    const policy = this.options.authorization ?? DEFAULT_AUTHORIZATION_POLICY;
    const problem = authorizationProblem(response, policy);
    const renewBy = authorizationRenewalDay(response.lastAuthorizationDate, policy);
    return { ...response, ...(problem ? { problem } : {}), ...(renewBy ? { renewBy } : {}) };
  }

  /** TD0.3: records in the DMP that the patient authorised this practitioner. */
  async authorize(author: DmpAuthor, patient: DmpPatient): Promise<void> {
    await updateAuthorization(
      this.context(author, patient, this.options.endpoints.transactionsUrl),
      {
        patientIns: patient.ins,
        action: 'ADD',
      },
    );
  }

  /**
   * Files a document (or a corrected version of one). A document the DMP
   * already holds with the same uniqueId is not sent again: a retry after a
   * crash finds it and reports it filed.
   */
  async file(
    submission: DocumentSubmission,
    options: { authorizeFirst?: boolean } = {},
  ): Promise<FilingResult> {
    const { author, patient } = submission;
    if (options.authorizeFirst) {
      // Recording an authorisation needs a DMP the patient has not closed to this practitioner.
      const status = await testAuthorization(
        this.context(author, patient, this.options.endpoints.transactionsUrl),
        { patientIns: patient.ins },
      );
      if (!status.dmpExists || status.status === 'INTERDIT') {
        throw authorizationProblem(status) as DmpError;
      }
      await this.authorize(author, patient);
    }
    await this.checkAccess(author, patient);

    const existing = await this.getDocument(author, patient, submission.uniqueId);
    if (existing)
      return { uniqueId: existing.uniqueId, entryUUID: existing.entryUUID, alreadyFiled: true };

    let replacedEntryUUID: string | undefined;
    if (submission.replaces) {
      const replaced = await this.getDocument(author, patient, submission.replaces.uniqueId);
      if (!replaced) {
        throw new DmpError('INVALID_SUBMISSION', 'the version to replace is not in the DMP');
      }
      replacedEntryUUID = replaced.entryUUID;
    }

    const cda = buildCda(submission, this.options.valueSets);
    const documentContentId = newContentId();
    const entryUUID = `urn:uuid:${randomUUID()}`;
    const bodyXml = buildProvideAndRegisterRequest({
      submission,
      cda,
      valueSets: this.options.valueSets,
      sourceId: this.options.sourceId,
      submissionSetUniqueId: `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`,
      documentContentId,
      entryUUID,
      ...(replacedEntryUUID ? { replacedEntryUUID } : {}),
      submissionTime: new Date(),
    });
    const answer = await callSoap(
      {
        url: this.options.endpoints.repositoryUrl,
        action: XDS_ACTIONS.provideAndRegister,
        bodyXml,
        vihf: this.vihf(author, patient),
        attachments: [{ contentId: documentContentId, mediaType: 'text/xml', chunks: cda.chunks }],
        tls: this.options.tls,
        timeoutMs: this.timeoutMs,
      },
      (request) => {
        this.options.onFiling?.({ uniqueId: submission.uniqueId, cda, request: request.body });
        return postSoap(request);
      },
    );
    const response = parseRegistryResponse(payloadXml(answer.envelope.payload, 'ITI-41'));
    if (response.errors.some((e) => e.errorCode === 'XDSDuplicateUniqueIdInRegistry')) {
      // Another attempt got there first (two workers, a crash after sending): it is the same document.
      const filed = await this.getDocument(author, patient, submission.uniqueId);
      if (filed)
        return { uniqueId: filed.uniqueId, entryUUID: filed.entryUUID, alreadyFiled: true };
    }
    assertRegistrySuccess(response);
    return { uniqueId: submission.uniqueId, entryUUID, alreadyFiled: false };
  }

  /** ITI-18 FindDocuments: the patient's approved documents (optionally of some types). */
  async findDocuments(
    author: DmpAuthor,
    patient: DmpPatient,
    options: { typeCodes?: string[]; statuses?: ('Approved' | 'Deprecated')[] } = {},
  ): Promise<DocumentEntrySummary[]> {
    return this.query(
      author,
      patient,
      buildFindDocumentsRequest({
        patient: patient.ins,
        valueSets: this.options.valueSets,
        ...options,
      }),
    );
  }

  /** ITI-18 GetDocuments: one document by its uniqueId, whatever its status; undefined when absent. */
  async getDocument(
    author: DmpAuthor,
    patient: DmpPatient,
    uniqueId: string,
  ): Promise<DocumentEntrySummary | undefined> {
    const [entry] = await this.query(
      author,
      patient,
      buildGetDocumentsRequest({ uniqueIds: [uniqueId] }),
    );
    return entry;
  }

  /** ITI-43: the stored bytes of a document (the CDA as filed). */
  async retrieve(
    author: DmpAuthor,
    patient: DmpPatient,
    reference: { repositoryUniqueId: string; uniqueId: string },
  ): Promise<Buffer> {
    const answer = await callSoap({
      url: this.options.endpoints.repositoryUrl,
      action: XDS_ACTIONS.retrieveDocumentSet,
      bodyXml: buildRetrieveDocumentSetRequest({
        repositoryUniqueId: reference.repositoryUniqueId,
        documentUniqueId: reference.uniqueId,
      }),
      vihf: this.vihf(author, patient),
      mtom: true,
      tls: this.options.tls,
      timeoutMs: this.timeoutMs,
    });
    const result = parseRetrieveDocumentSetResponse(payloadXml(answer.envelope.payload, 'ITI-43'));
    assertRegistrySuccess({ status: result.status, errors: result.errors });
    const document = result.documents.find((d) => d.documentUniqueId === reference.uniqueId);
    const bytes = document ? answer.attachments.get(document.contentId) : undefined;
    if (!bytes)
      throw new DmpError(
        'DOCUMENT_REJECTED',
        `the DMP returned no content for ${reference.uniqueId}`,
      );
    return bytes;
  }

  /** TD0.9: a link that opens this patient's DMP in the web portal, for this practitioner, without logging in again. */
  webAccessUrl(author: DmpAuthor, patient: DmpPatient): string {
    return webAccessUrl({
      portalBaseUrl: this.options.endpoints.webPortalUrl,
      author: this.acting(author),
      patient,
      signer: this.options.signer,
    });
  }

  private async query(
    author: DmpAuthor,
    patient: DmpPatient,
    bodyXml: string,
  ): Promise<DocumentEntrySummary[]> {
    const answer = await callSoap({
      url: this.options.endpoints.registryUrl,
      action: XDS_ACTIONS.registryStoredQuery,
      bodyXml,
      vihf: this.vihf(author, patient),
      tls: this.options.tls,
      timeoutMs: this.timeoutMs,
    });
    // A failed query becomes its DmpError there.
    return parseAdhocQueryResponse(payloadXml(answer.envelope.payload, 'ITI-18'));
  }

  private vihf(author: DmpAuthor, patient: Pick<DmpPatient, 'ins'>): string {
    // Indirect mode: the software authenticates the structure; the practitioner's session starts now.
    return createSignedVihf(
      { author: this.acting(author), patient, authnInstant: new Date() },
      this.options.vihf,
      this.options.signer,
    );
  }

  /** The author as the DMP sees the caller: their own identity, the certificates' structure. */
  private acting(author: DmpAuthor): DmpAuthor {
    const { structureIdNat } = this.options;
    return structureIdNat
      ? { ...author, structure: { ...author.structure, idNatStruct: structureIdNat } }
      : author;
  }

  private context(author: DmpAuthor, patient: DmpPatient, url: string) {
    return {
      url,
      vihf: this.vihf(author, patient),
      tls: this.options.tls,
      timeoutMs: this.timeoutMs,
    };
  }
}

function payloadXml(payload: Element | undefined, transaction: string): string {
  if (!payload) throw new DmpError('UNAVAILABLE', `empty answer to ${transaction}`);
  return serializer.serializeToString(payload);
}
