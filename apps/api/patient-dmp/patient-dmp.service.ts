import { Injectable } from '@nestjs/common';
import { DmpClient, readUnstructuredBody } from '@app/dmp';
import { DomainError } from '@app/domain';
import { DmpAlertStore, PathwayReadModel } from '@app/persistence';
import { DmpPartiesReader, type DmpParties, isDmpPartiesProblem } from '../../shared/dmp-parties';
import { documentOid } from '../../shared/document-submissions';
import type { Principal } from '../auth/principal';
import { UserAuditTrail } from '../auth/user-audit-trail';
import { PathwaysService } from '../pathways/pathways.service';
import { dmpReadProblem } from './dmp-problem';
import {
  type PatientDmpDocument,
  type PatientDmpDocuments,
  dmpAccessOf,
  dmpDocumentItem,
  newestFirst,
} from './patient-dmp.view';

/** An OID (XDS uniqueId): digits and dots, as ITI-18 and ITI-43 take it. */
const OID = /^[0-2](\.(0|[1-9]\d*)){1,40}$/;

/** The wrapped document or the CDA of a DMP document, for download. */
export interface DmpDocumentBytes {
  bytes: Buffer;
  mediaType: string;
  fileName: string;
}

/**
 * The patient's DMP as the pathway's practitioner reads it ("consulter les
 * DMP de ses patients"): the list of documents (ITI-18 FindDocuments) and
 * each document (ITI-43), under the practitioner's own identity in the VIHF,
 * so the DMP applies its visibility rules itself: what it hides from this
 * practitioner never reaches the engine. The authorisation is checked first
 * (TD0.2); when it is missing or older than the policy allows, the patient
 * must be asked, and the practitioner records their agreement (TD0.3).
 * Every list and every read goes to the practitioner's audit stream.
 */
@Injectable()
export class PatientDmpService {
  constructor(
    private readonly pathways: PathwaysService,
    private readonly readModel: PathwayReadModel,
    private readonly parties: DmpPartiesReader,
    private readonly dmp: DmpClient,
    private readonly alerts: DmpAlertStore,
    private readonly trail: UserAuditTrail,
  ) {}

  async list(pathwayId: string, principal: Principal): Promise<PatientDmpDocuments> {
    const { parties, patientId } = await this.partiesOf(pathwayId, principal);
    try {
      const status = await this.dmp.accessStatus(parties.author, parties.patient);
      const access = dmpAccessOf(status);
      if (!status.dmpExists) {
        await this.trail.record(
          principal.idNatPs,
          'dmp_documents_listed',
          { count: 0, dmp: 'none' },
          pathwayId,
        );
        return { pathwayId, access, documents: [] };
      }
      if (status.problem) throw status.problem;
      const [entries, ownIds] = await Promise.all([
        this.dmp.findDocuments(parties.author, parties.patient),
        this.alerts.engineDocumentIdsOf(patientId),
      ]);
      const own = new Set(ownIds.map(documentOid));
      const documents = entries.map((e) => dmpDocumentItem(pathwayId, e, own)).sort(newestFirst);
      await this.trail.record(
        principal.idNatPs,
        'dmp_documents_listed',
        { count: documents.length },
        pathwayId,
      );
      return { pathwayId, access, documents };
    } catch (error) {
      throw dmpReadProblem(error);
    }
  }

  /** The patient agreed (again): recorded in the DMP (TD0.3), then the list as it now is. */
  async recordAuthorization(pathwayId: string, principal: Principal): Promise<PatientDmpDocuments> {
    const { parties } = await this.partiesOf(pathwayId, principal);
    try {
      const status = await this.dmp.accessStatus(parties.author, parties.patient);
      if (!status.dmpExists) throw new DomainError('conflict', 'the patient has no DMP');
      if (status.status === 'INTERDIT') {
        throw new DomainError('forbidden', 'the patient has forbidden you access to their DMP');
      }
      await this.dmp.authorize(parties.author, parties.patient);
    } catch (error) {
      throw dmpReadProblem(error);
    }
    await this.trail.record(principal.idNatPs, 'dmp_authorization_recorded', {}, pathwayId);
    return this.list(pathwayId, principal);
  }

  /** One document: its description, and its text when it is plain text. */
  async read(
    pathwayId: string,
    uniqueId: string,
    principal: Principal,
  ): Promise<PatientDmpDocument> {
    const { entry, cda, patientId } = await this.retrieve(
      pathwayId,
      uniqueId,
      principal,
      'dmp_document_read',
    );
    const body = readUnstructuredBody(cda);
    // Which documents are the engine's: for the description only, not for the bytes routes.
    const own = new Set((await this.alerts.engineDocumentIdsOf(patientId)).map(documentOid));
    const document = dmpDocumentItem(pathwayId, entry, own);
    return {
      pathwayId,
      document,
      content: {
        mediaType: body.mediaType,
        sizeBytes: body.bytes.length,
        // Line breaks as a page shows them; the bytes as filed stay under `href`.
        text: body.mediaType === 'text/plain' ? textOf(body.bytes).replace(/\r\n/g, '\n') : null,
        href: `${document.href}/content`,
        cdaHref: `${document.href}/cda`,
      },
    };
  }

  /** The document as its author filed it (`content`), or the CDA as the DMP returned it (`cda`). */
  async bytes(
    pathwayId: string,
    uniqueId: string,
    principal: Principal,
    what: 'content' | 'cda',
  ): Promise<DmpDocumentBytes> {
    const { cda } = await this.retrieve(
      pathwayId,
      uniqueId,
      principal,
      `dmp_document_${what}_read`,
    );
    if (what === 'cda') return { bytes: cda, mediaType: 'text/xml', fileName: 'document-dmp.xml' };
    const body = readUnstructuredBody(cda);
    return {
      bytes: body.bytes,
      mediaType: body.mediaType,
      fileName: `document-dmp${extensionOf(body.mediaType)}`,
    };
  }

  private async retrieve(
    pathwayId: string,
    uniqueId: string,
    principal: Principal,
    auditType: string,
  ) {
    if (!OID.test(uniqueId))
      throw DomainError.invalid('uniqueId', 'must be a DMP document id (an OID)');
    const { parties, patientId } = await this.partiesOf(pathwayId, principal);
    try {
      const status = await this.dmp.accessStatus(parties.author, parties.patient);
      if (status.problem) throw status.problem;
      const entry = await this.dmp.getDocument(parties.author, parties.patient, uniqueId);
      // Absent, another patient's, or hidden from this practitioner: the DMP answers the same.
      if (!entry) throw DomainError.notFound('DMP document', uniqueId);
      const cda = await this.dmp.retrieve(parties.author, parties.patient, entry);
      await this.trail.record(principal.idNatPs, auditType, { dmpUniqueId: uniqueId }, pathwayId);
      return { entry, cda, patientId };
    } catch (error) {
      throw dmpReadProblem(error);
    }
  }

  /** The DMP is the pathway practitioner's to read: coordinators follow pathways, they do not open DMPs. */
  private async partiesOf(
    pathwayId: string,
    principal: Principal,
  ): Promise<{ parties: DmpParties; patientId: string }> {
    await this.pathways.authorize(pathwayId, principal, 'act');
    const row = await this.readModel.get(pathwayId);
    if (!row) {
      throw new DomainError('conflict', 'the pathway is still being opened: try again in a moment');
    }
    const parties = await this.parties.of(row.practitionerId, row.patientId);
    if (isDmpPartiesProblem(parties)) throw new DomainError('conflict', parties.reason);
    return { parties, patientId: row.patientId };
  }
}

/** UTF-8 when it is; otherwise the 8-bit Windows encoding older software writes. */
function textOf(bytes: Buffer): string {
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return utf8.includes('\ufffd') ? new TextDecoder('windows-1252').decode(bytes) : utf8;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'text/plain': '.txt',
  'text/rtf': '.rtf',
  'image/jpeg': '.jpg',
  'image/tiff': '.tif',
};

function extensionOf(mediaType: string): string {
  return EXTENSIONS[mediaType] ?? '';
}
