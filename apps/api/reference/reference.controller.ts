import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { DomainError } from '@app/domain';
import { MssError, parseMssAddress } from '@app/mss';
import { Directory } from '@app/persistence';
import { uuidParam } from '../common/uuid-param';
import { PageQuery } from '../pathways/pathway.dto';

class PractitionersQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  cptsId?: string;
}

class CptsSettingsDto {
  @ApiPropertyOptional({
    description:
      "the CPTS's projet de santé provides for accès direct (its adherents in a cabinet may practise it)",
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  projetDeSanteAccesDirect?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    example: 'coordination@cpts-trois-rivieres.mssante.fr',
    description: 'where escalations go by MSSanté; null: nowhere',
  })
  @ValidateIf((o: CptsSettingsDto) => o.coordinatorMssAddress !== null)
  @IsOptional()
  coordinatorMssAddress?: string | null;
}

/** The CPTS, practitioners and patients a pathway can be opened with. */
@ApiTags('reference')
@Controller()
export class ReferenceController {
  constructor(private readonly directory: Directory) {}

  @Get('cpts')
  @ApiOperation({ summary: 'CPTS and their accès-direct policy' })
  cpts(@Query() query: PageQuery) {
    return this.directory.listCpts(query);
  }

  @Patch('cpts/:id')
  @ApiOperation({
    summary: "Change a CPTS's settings (projet de santé, coordinator's MSSanté address)",
  })
  async updateCpts(@Param('id', uuidParam('id')) id: string, @Body() dto: CptsSettingsDto) {
    const settings: { projetDeSanteAccesDirect?: boolean; coordinatorMssAddress?: string | null } =
      {};
    if (dto.projetDeSanteAccesDirect !== undefined) {
      settings.projetDeSanteAccesDirect = dto.projetDeSanteAccesDirect;
    }
    if (dto.coordinatorMssAddress !== undefined) {
      settings.coordinatorMssAddress =
        dto.coordinatorMssAddress === null ? null : mssAddress(dto.coordinatorMssAddress);
    }
    const cpts = await this.directory.updateCpts(id, settings);
    if (!cpts) throw DomainError.notFound('CPTS', id);
    return cpts;
  }

  @Get('practitioners')
  @ApiOperation({ summary: 'Practitioners, optionally of one CPTS' })
  practitioners(@Query() query: PractitionersQuery) {
    const { cptsId, ...page } = query;
    return this.directory.listPractitioners(page, cptsId);
  }

  @Get('patients')
  @ApiOperation({ summary: 'Patients' })
  patients(@Query() query: PageQuery) {
    return this.directory.listPatients(query);
  }
}

/** A professional MSSanté address, or a 400 naming the field. */
function mssAddress(value: unknown): string {
  if (typeof value !== 'string') {
    throw DomainError.invalid('coordinatorMssAddress', 'must be an MSSanté address or null');
  }
  try {
    const address = parseMssAddress(value);
    if (address.kind === 'patient') {
      throw DomainError.invalid('coordinatorMssAddress', 'must be a professional address');
    }
    return address.address;
  } catch (error) {
    if (error instanceof MssError)
      throw DomainError.invalid('coordinatorMssAddress', error.message);
    throw error;
  }
}
