import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { IdentifyRateLimit } from '../security/rate-limits';
import { IdentifyPatientDto, IdentityDocumentDto } from './patient-identification.dto';
import { PatientIdentification } from './patient-identification.service';
import type { IdentificationAnswer, PatientView } from '../openapi/responses';

/**
 * Finding and identifying a patient, by any of the ways a practice has: the
 * Carte Vitale or the appli carte Vitale (as the workstation's middleware
 * read them), a typed-in INS, or typed-in traits; INSi gives the INS, an
 * identity document checked qualifies it.
 */
@ApiTags('patients')
@Controller('patients')
export class PatientsController {
  constructor(private readonly identification: PatientIdentification) {}

  @Post('identify')
  @HttpCode(200)
  @IdentifyRateLimit()
  @ApiOperation({
    summary: 'Identify a patient (Carte Vitale, appli carte Vitale, INS or traits) through INSi',
    description:
      'Finds the patient already recorded under the INS INSi gives (or with the same traits), or records them; the identity stays provisional when INSi finds no one or several.',
  })
  @ApiConflictResponse({
    description: "the identity does not match INSi's: it may be another person; nothing recorded",
  })
  @ApiForbiddenResponse({ description: 'only practitioners identify patients' })
  @ApiServiceUnavailableResponse({ description: 'INSi did not answer; nothing recorded' })
  @ApiTooManyRequestsResponse({
    description:
      'too many identifications in a short time (RATE_LIMIT_IDENTIFY); Retry-After says when to try again',
  })
  identify(
    @Body() dto: IdentifyPatientDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IdentificationAnswer> {
    return this.identification.identify(dto, principal);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A patient you identified or see through a pathway' })
  @ApiNotFoundResponse({ description: 'no such patient among those you see' })
  get(@Param('id', uuidParam('id')) id: string, @CurrentPrincipal() principal: Principal) {
    return this.identification.get(id, principal);
  }

  @Post(':id/identity-document')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Record the high-trust identity document you checked (validates; qualifies with an INS)',
  })
  @ApiConflictResponse({ description: "the document's traits differ from the patient's" })
  @ApiNotFoundResponse({ description: 'no such patient among those you see' })
  recordDocument(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: IdentityDocumentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientView> {
    return this.identification.recordDocument(id, dto, principal);
  }
}
