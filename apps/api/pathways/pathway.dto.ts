import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  MinLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CONSENTEMENTS_DMP,
  ConsentementDmp,
  DOCUMENT_KINDS,
  DocumentKind,
  PATHWAY_STATUSES,
  PathwayStatus,
} from '@app/domain';
import { IsIsoDay, IsNotInFuture, ParseBoolean, Trim } from '../common/validators';

const RPPS_MESSAGE = 'must be an RPPS number (11 digits)';

export class MedecinTraitantDto {
  @ApiProperty({ description: 'false when the patient has declared no médecin traitant (allowed)' })
  @IsBoolean()
  declared!: boolean;

  @ApiPropertyOptional({ example: '10000000015', description: 'RPPS, required when declared' })
  @ValidateIf((o: MedecinTraitantDto) => o.declared === true || o.rpps !== undefined)
  @Matches(/^\d{11}$/, { message: RPPS_MESSAGE })
  rpps?: string;

  @ApiPropertyOptional({ example: 'Dr Claire MARTIN', description: 'required when declared' })
  @ValidateIf((o: MedecinTraitantDto) => o.declared === true || o.name !== undefined)
  @Trim()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'claire.martin@medecin.mssante.fr' })
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  mssAddress?: string;
}

export class CreatePathwayDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'chosen by the caller to make a retried create safe; generated otherwise',
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  id?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  cptsId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  practitionerId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a UUID' })
  patientId!: string;

  @ApiProperty({ type: MedecinTraitantDto })
  @ValidateNested()
  @Type(() => MedecinTraitantDto)
  medecinTraitant!: MedecinTraitantDto;

  @ApiProperty({
    enum: CONSENTEMENTS_DMP,
    description: 'patient consent to file the documents in their DMP',
  })
  @IsIn(CONSENTEMENTS_DMP, { message: `must be one of ${CONSENTEMENTS_DMP.join(', ')}` })
  consentementDmp!: ConsentementDmp;
}

export class EndCareDto {
  @ApiPropertyOptional({
    example: '2026-11-20',
    description: 'the day care ended; today when omitted',
  })
  @IsOptional()
  @IsIsoDay()
  @IsNotInFuture()
  careEndedOn?: string;
}

export class PhysicianDto {
  @ApiProperty({ example: 'Dr Paul ROUX' })
  @Trim()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: '10000000023' })
  @IsOptional()
  @Matches(/^\d{11}$/, { message: RPPS_MESSAGE })
  rpps?: string;

  @ApiPropertyOptional({ example: 'ORL' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  specialty?: string;
}

export class ReferDto {
  @ApiProperty({ type: PhysicianDto })
  @ValidateNested()
  @Type(() => PhysicianDto)
  physician!: PhysicianDto;

  @ApiProperty({ example: 'Avis ORL : suspicion de surdité de transmission', maxLength: 1000 })
  @Trim()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  @MaxLength(1000)
  reason!: string;
}

export class AbandonDto {
  @ApiProperty({ example: 'Le patient a déménagé', maxLength: 1000 })
  @Trim()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  @MaxLength(1000)
  reason!: string;
}

export class ChangeMedecinTraitantDto {
  @ApiProperty({ type: MedecinTraitantDto })
  @ValidateNested()
  @Type(() => MedecinTraitantDto)
  medecinTraitant!: MedecinTraitantDto;
}

export class ChangeConsentDto {
  @ApiProperty({ enum: CONSENTEMENTS_DMP })
  @IsIn(CONSENTEMENTS_DMP, { message: `must be one of ${CONSENTEMENTS_DMP.join(', ')}` })
  consentementDmp!: ConsentementDmp;
}

export class RetryDmpFilingDto {
  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS, { message: `must be one of ${DOCUMENT_KINDS.join(', ')}` })
  documentKind!: DocumentKind;
}

export class PageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(100)
  pageSize: number = 20;
}

export class ListPathwaysQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PATHWAY_STATUSES })
  @IsOptional()
  @IsIn(PATHWAY_STATUSES, { message: `must be one of ${PATHWAY_STATUSES.join(', ')}` })
  status?: PathwayStatus;

  @ApiPropertyOptional({
    description: 'only pathways whose awaited document is past due (or only those that are not)',
  })
  @IsOptional()
  @ParseBoolean()
  @IsBoolean({ message: 'must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  practitionerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a UUID' })
  cptsId?: string;

  @ApiPropertyOptional({
    description: "part of the patient's names (family or first names), any case",
    maxLength: 100,
  })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @MinLength(1)
  @MaxLength(100)
  patient?: string;

  @ApiPropertyOptional({
    enum: ['urgency', 'recent'],
    description:
      '`urgency`: soonest due first (late ones at the top); `recent` (default): newest first',
  })
  @IsOptional()
  @IsIn(['urgency', 'recent'], { message: 'must be urgency or recent' })
  sort?: 'urgency' | 'recent';
}
