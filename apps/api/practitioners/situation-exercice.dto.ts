import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  CADRES_EXERCICE,
  type CadreExercice,
  STRUCTURE_KINDS,
  type StructureKind,
} from '@app/domain';
import { IsIsoDay, Trim } from '../common/validators';

export class StructureDto {
  @ApiProperty({ enum: STRUCTURE_KINDS })
  @IsIn(STRUCTURE_KINDS, { message: `must be one of ${STRUCTURE_KINDS.join(', ')}` })
  kind!: StructureKind;

  @ApiProperty({ example: 'MSP des Trois Rivières' })
  @Trim()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    example: '10B0156832',
    description: 'idNat_Struct (FINESS, SIRET… with its prefix)',
  })
  @IsOptional()
  @Matches(/^[0-9A-Z]{2,20}$/, { message: 'must be an idNat_Struct (prefix and identifier)' })
  idNat?: string;
}

export class PeriodDto {
  @ApiProperty({ example: '2026-01-01' })
  @IsIsoDay()
  from!: string;

  @ApiProperty({ example: '2028-12-31', description: 'last day included; three years at most' })
  @IsIsoDay()
  to!: string;
}

export class SituationExerciceDto {
  @ApiProperty({ type: StructureDto })
  @ValidateNested()
  @Type(() => StructureDto)
  structure!: StructureDto;

  @ApiProperty({ enum: CADRES_EXERCICE })
  @IsIn(CADRES_EXERCICE, { message: `must be one of ${CADRES_EXERCICE.join(', ')}` })
  cadre!: CadreExercice;

  @ApiProperty({ description: 'salaried rather than libéral' })
  @IsBoolean({ message: 'must be true or false' })
  salarie!: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'the CPTS the practitioner is an adherent of',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  cptsId?: string;

  @ApiProperty({ type: PeriodDto })
  @ValidateNested()
  @Type(() => PeriodDto)
  period!: PeriodDto;
}
