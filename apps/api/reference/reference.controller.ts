import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { Directory } from '@app/persistence';
import { PageQuery } from '../pathways/pathway.dto';

class PractitionersQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  cptsId?: string;
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
