import { Body, Controller, Get, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import type { PatientDmpDocument, PatientDmpDocuments } from '../openapi/responses';
import { RecordDmpAuthorizationDto } from './patient-dmp.dto';
import { PatientDmpService } from './patient-dmp.service';

@ApiTags('patient DMP')
@ApiNotFoundResponse({ description: 'no pathway with this id among yours' })
@ApiForbiddenResponse({
  description:
    'only the pathway’s orthophoniste reads the patient’s DMP; or the patient has forbidden them access',
})
@ApiConflictResponse({
  description:
    'the patient’s identity is not a qualified INS, the structure of exercise is not set, or the patient’s authorisation must be asked for (the problem names `patientAuthorization`)',
})
@ApiServiceUnavailableResponse({ description: 'the DMP does not answer: try again later' })
@Controller('pathways/:id/dmp/documents')
export class PatientDmpController {
  constructor(private readonly patientDmp: PatientDmpService) {}

  @Get()
  @ApiOperation({
    summary: "List the patient's DMP documents (ITI-18)",
    description:
      'Type, date, author, title and status of each document the DMP shows this practitioner; what it hides from them is not returned. Audited.',
  })
  list(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientDmpDocuments> {
    return this.patientDmp.list(id, principal);
  }

  @Post('authorization')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record that the patient authorises you to access their DMP (TD0.3)',
    description:
      'Asked of the patient when the authorisation is missing or older than 6 months; answers the list.',
  })
  authorize(
    @Param('id', uuidParam('id')) id: string,
    @Body() _dto: RecordDmpAuthorizationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientDmpDocuments> {
    return this.patientDmp.recordAuthorization(id, principal);
  }

  @Get(':uniqueId')
  @ApiOperation({
    summary: 'Open one DMP document (ITI-43)',
    description: 'Its description, and its text when it is plain text. Audited.',
  })
  read(
    @Param('id', uuidParam('id')) id: string,
    @Param('uniqueId') uniqueId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientDmpDocument> {
    return this.patientDmp.read(id, uniqueId, principal);
  }

  @Get(':uniqueId/content')
  @ApiOperation({ summary: 'The document as its author filed it (PDF, text…). Audited.' })
  async content(
    @Param('id', uuidParam('id')) id: string,
    @Param('uniqueId') uniqueId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    return streamed(await this.patientDmp.bytes(id, uniqueId, principal, 'content'));
  }

  @Get(':uniqueId/cda')
  @ApiOperation({ summary: 'The CDA as the DMP returned it, byte for byte. Audited.' })
  async cda(
    @Param('id', uuidParam('id')) id: string,
    @Param('uniqueId') uniqueId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    return streamed(await this.patientDmp.bytes(id, uniqueId, principal, 'cda'));
  }
}

function streamed(file: { bytes: Buffer; mediaType: string; fileName: string }): StreamableFile {
  // A PDF or a text opens in the browser; anything else is saved.
  const inline = file.mediaType === 'application/pdf' || file.mediaType === 'text/plain';
  return new StreamableFile(file.bytes, {
    type: file.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : file.mediaType,
    length: file.bytes.length,
    disposition: `${inline ? 'inline' : 'attachment'}; filename="${file.fileName}"`,
  });
}
