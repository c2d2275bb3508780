import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
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
import type { PatientConversation } from '../openapi/responses';
import { WritePatientMessageDto } from './patient-message.dto';
import { PatientMessagesService } from './patient-messages.service';

@ApiTags('patient conversation')
@ApiNotFoundResponse({ description: 'no pathway with this id among yours' })
@ApiForbiddenResponse({ description: 'only the pathway’s orthophoniste writes to the patient' })
@Controller('pathways/:id/patient-conversation')
export class PatientMessagesController {
  constructor(private readonly messages: PatientMessagesService) {}

  @Get()
  @ApiOperation({
    summary: 'The conversation with the patient (Mon espace santé)',
    description: 'What you wrote, what the patient answered, and whether it is open. Audited.',
  })
  conversation(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientConversation> {
    return this.messages.conversation(id, principal);
  }

  @Post('messages')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Write to the patient at INS@patient.mssante.fr',
    description:
      'Opens (or reopens) the conversation; `[FIN]` in the subject ends it (sent with `X-MSS-MES: FIN`). Sent by the engine, retried while the operator is unavailable. Never sent unless you ask.',
  })
  @ApiConflictResponse({
    description:
      'the patient’s INS is not qualified, or a document is hidden from the patient (INVISIBLE_PATIENT)',
  })
  @ApiServiceUnavailableResponse({ description: 'the engine could not take it: nothing was sent' })
  write(
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: WritePatientMessageDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PatientConversation> {
    return this.messages.write(id, dto, principal);
  }
}
