import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DocumentKind,
  DomainError,
  checkDocumentFile,
  writtenDocumentFileName,
  writtenDocumentText,
} from '@app/domain';
import { forbiddenVisibilityReason } from '@app/dmp';
import { DocumentRow, DocumentStore } from '@app/persistence';
import {
  DepositDocumentArgs,
  PathwayMachine,
  PathwayTransitionError,
  depositDocumentUpdate,
  replaceDocumentUpdate,
} from '@app/workflows';
import { type Principal, actorOf } from '../auth/principal';
import { UserAuditTrail } from '../auth/user-audit-trail';
import { PathwayEngine, UpdateUnconfirmedError } from '../engine/pathway-engine';
import { PathwaysService } from '../pathways/pathways.service';
import { PathwayView } from '../pathways/pathway.view';
import { UploadDocumentDto, WriteDocumentDto } from './document.dto';

export interface UploadedDocumentFile {
  originalname: string;
  buffer: Buffer;
}

/** What the pathway receives: a file attached, or a text typed online (stored as a .txt). */
type ReceivedDocument = UploadedDocumentFile & { writtenOnline: boolean };

function attached(file: UploadedDocumentFile | undefined): ReceivedDocument | undefined {
  return file && { originalname: file.originalname, buffer: file.buffer, writtenOnline: false };
}

/**
 * Bilans and comptes-rendus: checked, stored in PostgreSQL with their SHA-256,
 * then handed to the pathway. A document the pathway refuses is not kept.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly store: DocumentStore,
    private readonly engine: PathwayEngine,
    private readonly pathways: PathwaysService,
    private readonly trail: UserAuditTrail,
  ) {}

  /** The first version of the pathway's bilan initial or compte-rendu. */
  deposit(
    pathwayId: string,
    kind: DocumentKind,
    file: UploadedDocumentFile | undefined,
    dto: UploadDocumentDto,
    principal: Principal,
  ): Promise<PathwayView> {
    return this.receive(pathwayId, kind, attached(file), dto, principal, 'first');
  }

  /**
   * A document typed online (first version or correction): stored and filed
   * like an attached text file — a text/plain CDA body in the DMP, as the Web
   * PS files it — and mailed to the médecin traitant with a PDF rendering.
   */
  write(
    pathwayId: string,
    kind: DocumentKind,
    dto: WriteDocumentDto,
    principal: Principal,
    version: 'first' | 'correction',
  ): Promise<PathwayView> {
    const text = writtenDocumentText(dto.text);
    const document: ReceivedDocument = {
      originalname: writtenDocumentFileName(dto.title),
      buffer: Buffer.from(text, 'utf8'),
      writtenOnline: true,
    };
    return this.receive(pathwayId, kind, document, dto, principal, version);
  }

  /** A corrected version: it replaces the received one, and the filed one in the DMP. */
  correct(
    pathwayId: string,
    kind: DocumentKind,
    file: UploadedDocumentFile | undefined,
    dto: UploadDocumentDto,
    principal: Principal,
  ): Promise<PathwayView> {
    return this.receive(pathwayId, kind, attached(file), dto, principal, 'correction');
  }

  private async receive(
    pathwayId: string,
    kind: DocumentKind,
    file: ReceivedDocument | undefined,
    dto: UploadDocumentDto,
    principal: Principal,
    version: 'first' | 'correction',
  ): Promise<PathwayView> {
    await this.pathways.authorize(pathwayId, principal, 'act');
    const actor = actorOf(principal);
    if (!file) throw DomainError.invalid('file', 'is required (multipart field "file")');
    const format = checkDocumentFile(file.originalname, file.buffer);
    const visibility = {
      hiddenFromPatient: dto.hiddenFromPatient ?? false,
      hiddenFromProfessionals: dto.hiddenFromProfessionals ?? false,
      hiddenFromLegalRepresentatives: dto.hiddenFromLegalRepresentatives ?? false,
    };
    const forbidden = forbiddenVisibilityReason(visibility);
    if (forbidden) throw DomainError.invalid('hiddenFromProfessionals', forbidden);
    const documentId = randomUUID();
    const args: DepositDocumentArgs = {
      actor,
      document: {
        documentId,
        kind,
        title: dto.title,
        documentDate: dto.documentDate,
        mediaType: format.mediaType,
        sizeBytes: file.buffer.length,
        sha256: createHash('sha256').update(file.buffer).digest('hex'),
      },
    };

    // Ask the pathway first (unknown pathway, wrong step, engine down): nothing is written for a refused request.
    const state = await this.engine.state(pathwayId);
    try {
      const machine = PathwayMachine.inspect(state);
      if (version === 'first') machine.checkDeposit(args);
      else machine.checkReplace(args);
    } catch (error) {
      if (error instanceof PathwayTransitionError) throw new DomainError('conflict', error.message);
      throw error;
    }
    const replaced =
      version === 'correction'
        ? await this.store.metadata(
            (kind === 'bilan_initial' ? state.bilanInitial : state.compteRendu)?.document
              ?.documentId ?? '',
          )
        : undefined;

    // Committed before the pathway hears of it: its activities (DMP filing, MSSanté sending) may
    // read the document as soon as the update is accepted, before this request has even returned.
    await this.dataSource.transaction((manager) =>
      this.store.insert(manager, {
        id: documentId,
        pathwayId,
        kind,
        title: dto.title,
        documentDate: dto.documentDate,
        comment: dto.comment ?? null,
        fileName: file.originalname,
        mediaType: format.mediaType,
        sizeBytes: file.buffer.length,
        sha256: args.document.sha256,
        content: file.buffer,
        uploadedBy: actor.id,
        ...visibility,
        writtenOnline: file.writtenOnline,
        replacesDocumentId: replaced?.id ?? null,
        versionNumber: (replaced?.versionNumber ?? 0) + 1,
      }),
    );
    let unconfirmed = false;
    try {
      // The update id is the document id: a repeated delivery of this update is applied once.
      const update = version === 'first' ? depositDocumentUpdate : replaceDocumentUpdate;
      await this.engine.update(pathwayId, update, [args], documentId);
    } catch (error) {
      // A timeout keeps the document: the pathway may still take the update, and must then find
      // the document it refers to. A refusal removes it: the pathway will never refer to it.
      if (error instanceof UpdateUnconfirmedError) unconfirmed = true;
      else {
        await this.store.discard(documentId);
        throw error;
      }
    }
    if (unconfirmed) {
      throw new DomainError(
        'unavailable',
        `the document is stored (id ${documentId}) but the pathway engine did not confirm it in time; ` +
          'look at the pathway before sending it again',
      );
    }
    return this.pathways.view(pathwayId, principal);
  }

  /**
   * A clinical document, for the pathway's orthophoniste (or a coordinator
   * when the CPTS allows it). Every read goes to the reader's audit stream,
   * with the pathway, before the content leaves.
   */
  async download(
    pathwayId: string,
    documentId: string,
    principal: Principal,
  ): Promise<DocumentRow> {
    const access = await this.pathways.authorize(pathwayId, principal, 'documents');
    const document = await this.store.withContent(documentId);
    if (!document || document.pathwayId !== pathwayId)
      throw DomainError.notFound('document', documentId);
    await this.trail.record(
      principal.idNatPs,
      'document_read',
      { documentId, kind: document.kind, as: access },
      pathwayId,
    );
    return document;
  }
}
