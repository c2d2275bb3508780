import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { uuidParam } from '../common/uuid-param';
import { justificationPdf } from './justification-pdf';
import { JustificationService } from './justification.service';

const SHEET =
  'Opened in accès direct on which day; eligibility (the situation of exercise the opening checked); ' +
  'bilan initial and compte-rendu received (dates, on time or late); each MSSanté message to the médecin ' +
  'traitant (Message-ID, recipient, sent, delivered, read) or why none was sent; each DMP filing (uniqueId, ' +
  "date) or why none; the patient's consent as recorded; the billing instruction with the orthophoniste's " +
  "numbers. It names the patient: the pathway's orthophoniste's only. Each one handed out is audited " +
  '(`justification_read` in `user:<idNatPs>`).';

@ApiTags('pathways')
@ApiNotFoundResponse({ description: 'no pathway with this id among those you see' })
@ApiForbiddenResponse({
  description:
    "you coordinate the pathway's CPTS: the sheet is its orthophoniste's evidence (it names the patient)",
})
@Controller('pathways')
export class JustificationController {
  constructor(private readonly justifications: JustificationService) {}

  @Get(':id/justification')
  @ApiOperation({ summary: "The pathway's justification sheet (JSON)", description: SHEET })
  justification(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.justifications.justification(id, principal, 'json');
  }

  @Get(':id/justification.pdf')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The pathway's justification sheet (PDF, French)", description: SHEET })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'the sheet, A4, as an attachment',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  async justificationPdf(
    @Param('id', uuidParam('id')) id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StreamableFile> {
    const sheet = await this.justifications.justification(id, principal, 'pdf');
    const pdf = await justificationPdf(sheet);
    return new StreamableFile(pdf, {
      type: 'application/pdf',
      length: pdf.length,
      disposition: `attachment; filename="justification-${sheet.pathwayId}.pdf"`,
    });
  }
}
