import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { UPLOAD_BODY_SCHEMA, UploadDocumentDto, WriteDocumentDto } from '../documents/document.dto';
import { DocumentUploadInterceptor } from '../documents/document-upload.interceptor';
import { DocumentsService, UploadedDocumentFile } from '../documents/documents.service';
import {
  AbandonDto,
  ChangeConsentDto,
  ChangeMedecinTraitantDto,
  CreatePathwayDto,
  EndCareDto,
  ListPathwaysQuery,
  ReferDto,
  RetryDmpFilingDto,
} from './pathway.dto';
import { PathwaysService } from './pathways.service';
import type { PathwayPage, PathwayView } from '../openapi/responses';

@ApiTags('pathways')
@ApiNotFoundResponse({ description: 'no pathway with this id among those you see' })
@ApiForbiddenResponse({
  description:
    'your role does not allow it: a CPTS coordinator follows pathways but does not act on them, and opens documents only if the CPTS allows it',
})
@ApiServiceUnavailableResponse({
  description:
    'no worker runs pathways (nothing was sent), or the engine did not confirm in time (it may still apply the change; the message says which)',
})
@Controller('pathways')
export class PathwaysController {
  constructor(
    private readonly pathways: PathwaysService,
    private readonly documents: DocumentsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Open an accès-direct pathway',
    description: 'The CPTS policy in force is copied into the pathway.',
  })
  @ApiCreatedResponse({
    description:
      'the new pathway; its bilan initial is now awaited. `warnings` lists what to fix that does not stop it (billing_number_missing: no numéro AM recorded to bill the acts under)',
  })
  @ApiConflictResponse({ description: 'a pathway with this id already exists' })
  async open(
    @Body() dto: CreatePathwayDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const view = await this.pathways.open(dto, principal);
    res.location(`/pathways/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({
    summary: 'List pathways',
    description:
      'Filter by status, lateness, practitioner or CPTS; late ones first when overdue=true.',
  })
  list(
    @Query() query: ListPathwaysQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayPage> {
    return this.pathways.list(query, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One pathway: step, due dates, reminders, documents and history' })
  @ApiOkResponse({
    description:
      'read live from the workflow, or from PostgreSQL when the engine cannot answer (source)',
  })
  get(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.pathways.view(id, principal);
  }

  @Post(':id/bilan-initial')
  @HttpCode(200)
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiOperation({ summary: 'Send the bilan initial' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiConflictResponse({ description: 'the pathway does not await a bilan initial' })
  @ApiPayloadTooLargeResponse({ description: 'file larger than 5 MB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not pdf, jpeg/jpg, txt, rtf, gif or tif/tiff' })
  depositBilanInitial(
    @Param('id', uuidParam('id')) id: string,
    @UploadedFile() file: UploadedDocumentFile | undefined,
    @Body() dto: UploadDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.documents.deposit(id, 'bilan_initial', file, dto, principal);
  }

  @Post(':id/compte-rendu')
  @HttpCode(200)
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiOperation({
    summary: 'Send the compte-rendu',
    description: 'During care it also declares the end of care, on the document date.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiConflictResponse({ description: 'the pathway does not await a compte-rendu' })
  @ApiPayloadTooLargeResponse({ description: 'file larger than 5 MB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not pdf, jpeg/jpg, txt, rtf, gif or tif/tiff' })
  depositCompteRendu(
    @Param('id', uuidParam('id')) id: string,
    @UploadedFile() file: UploadedDocumentFile | undefined,
    @Body() dto: UploadDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.documents.deposit(id, 'compte_rendu', file, dto, principal);
  }

  @Post(':id/bilan-initial/versions')
  @HttpCode(200)
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiOperation({
    summary: 'Send a corrected bilan initial',
    description:
      'The new version replaces the received one, and the filed one in the DMP (not a duplicate).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiConflictResponse({ description: 'no bilan initial received yet, or the pathway is closed' })
  correctBilanInitial(
    @Param('id', uuidParam('id')) id: string,
    @UploadedFile() file: UploadedDocumentFile | undefined,
    @Body() dto: UploadDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.documents.correct(id, 'bilan_initial', file, dto, principal);
  }

  @Post(':id/compte-rendu/versions')
  @HttpCode(200)
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiOperation({
    summary: 'Send a corrected compte-rendu',
    description: 'Possible while the pathway is open (its documents are still being shared).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_BODY_SCHEMA })
  @ApiConflictResponse({ description: 'no compte-rendu received yet, or the pathway is closed' })
  correctCompteRendu(
    @Param('id', uuidParam('id')) id: string,
    @UploadedFile() file: UploadedDocumentFile | undefined,
    @Body() dto: UploadDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.documents.correct(id, 'compte_rendu', file, dto, principal);
  }

  @Post(':id/bilan-initial/written')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Write the bilan initial online',
    description:
      'Instead of attaching a file: the text is filed in the DMP as a text/plain CDA and mailed to the médecin traitant with a PDF rendering.',
  })
  @ApiConflictResponse({ description: 'the pathway does not await a bilan initial' })
  writeBilanInitial(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: WriteDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.documents.write(id, 'bilan_initial', dto, principal, 'first');
  }

  @Post(':id/compte-rendu/written')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Write the compte-rendu online',
    description:
      'As for the bilan initial; during care it also declares the end of care, on the document date.',
  })
  @ApiConflictResponse({ description: 'the pathway does not await a compte-rendu' })
  writeCompteRendu(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: WriteDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.documents.write(id, 'compte_rendu', dto, principal, 'first');
  }

  @Post(':id/bilan-initial/versions/written')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Write a corrected bilan initial online',
    description: 'It replaces the received version, and the filed one in the DMP.',
  })
  @ApiConflictResponse({ description: 'no bilan initial received yet, or the pathway is closed' })
  rewriteBilanInitial(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: WriteDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.documents.write(id, 'bilan_initial', dto, principal, 'correction');
  }

  @Post(':id/compte-rendu/versions/written')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Write a corrected compte-rendu online',
    description: 'It replaces the received version, and the filed one in the DMP.',
  })
  @ApiConflictResponse({ description: 'no compte-rendu received yet, or the pathway is closed' })
  rewriteCompteRendu(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: WriteDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.documents.write(id, 'compte_rendu', dto, principal, 'correction');
  }

  @Post(':id/dmp/authorization')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record that the patient authorised access to their DMP',
    description: 'The authorisation is recorded in the DMP, then the waiting documents are filed.',
  })
  @ApiConflictResponse({ description: 'no filing is waiting for an authorisation' })
  recordDmpAuthorization(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.pathways.recordDmpAuthorization(id, principal);
  }

  @Post(':id/dmp/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Try a waiting DMP filing again',
    description:
      "After fixing what stopped it (the patient's identity, the practitioner's structure…).",
  })
  @ApiConflictResponse({ description: 'that filing is not waiting' })
  retryDmpFiling(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RetryDmpFilingDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.pathways.retryDmpFiling(id, dto, principal);
  }

  @Get(':id/dmp/web-access')
  @ApiOperation({
    summary: "Open the patient's DMP in the DMP web portal (TD0.9)",
    description:
      "A short-lived link, for the pathway's practitioner, that needs no new login. It names the patient.",
  })
  @ApiConflictResponse({
    description:
      "the patient's identity is not qualified, or the practitioner's structure is not set",
  })
  dmpWebAccess(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.pathways.dmpWebAccess(id, principal);
  }

  @Get(':id/documents/:documentId')
  @ApiOperation({ summary: 'Download a document of the pathway' })
  async download(
    @Param('id', uuidParam('id')) id: string,
    @Param('documentId', uuidParam('documentId')) documentId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const document = await this.documents.download(id, documentId, principal);
    return new StreamableFile(document.content, {
      type: document.mediaType,
      length: document.sizeBytes,
      disposition: `attachment; filename="${document.fileName.replace(/[^\w.\- ]/g, '_')}"`,
    });
  }

  @Post(':id/end-of-care')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Declare the end of care',
    description: 'The compte-rendu is then due per the CPTS policy.',
  })
  @ApiConflictResponse({ description: 'the pathway is not in care' })
  endCare(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: EndCareDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.pathways.endCare(id, dto, principal);
  }

  @Post(':id/referrals')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Refer the patient to a physician',
    description: 'Recorded; the pathway goes on.',
  })
  @ApiConflictResponse({ description: 'the pathway is closed' })
  refer(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ReferDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.pathways.refer(id, dto, principal);
  }

  @Post(':id/abandon')
  @HttpCode(200)
  @ApiOperation({ summary: 'Abandon the pathway, with a reason' })
  @ApiConflictResponse({ description: 'the pathway is already closed' })
  abandon(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: AbandonDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.pathways.abandon(id, dto, principal);
  }

  @Put(':id/medecin-traitant')
  @ApiOperation({ summary: 'Change the médecin traitant (or declare there is none)' })
  @ApiConflictResponse({ description: 'the pathway is closed' })
  changeMedecinTraitant(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ChangeMedecinTraitantDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.pathways.changeMedecinTraitant(id, dto, principal);
  }

  @Put(':id/consent')
  @ApiOperation({ summary: "Change the patient's consent to DMP filing" })
  @ApiConflictResponse({ description: 'the pathway is closed, or the consent is already this one' })
  changeConsent(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ChangeConsentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PathwayView> {
    return this.pathways.changeConsent(id, dto, principal);
  }
}
