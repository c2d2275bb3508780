import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIsoDay, Trim } from '../common/validators';

export const IDENTIFICATION_SOURCES = ['traits', 'ins', 'vitale', 'apcv'] as const;
export type IdentificationSource = (typeof IDENTIFICATION_SOURCES)[number];

/** Identity traits typed in by the practitioner (from an identity document, or the patient's word). */
export class TraitsDto {
  @ApiProperty({ example: 'PAT-TROIS', description: 'nom de naissance' })
  @Trim()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  @MaxLength(100)
  birthFamilyName!: string;

  @ApiProperty({ example: 'DOMINIQUE MARIE-LOUISE', description: 'prénoms de naissance, in order' })
  @Trim()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  @MaxLength(200)
  firstNames!: string;

  @ApiProperty({
    example: '1979-03-28',
    description: 'AAAA-MM-JJ or AAAAMMJJ; lunar dates accepted',
  })
  @Matches(/^\d{4}-?\d{2}-?\d{2}$/, { message: 'must be a date AAAA-MM-JJ (or AAAAMMJJ)' })
  birthDate!: string;

  @ApiProperty({ enum: ['M', 'F'] })
  @IsIn(['M', 'F'], { message: 'must be M or F' })
  sex!: 'M' | 'F';

  @ApiPropertyOptional({ example: '51215', description: 'code officiel géographique (INSEE)' })
  @IsOptional()
  @Matches(/^(?:\d{5}|2[AB]\d{3})$/, {
    message: 'must be a 5-character INSEE code (2A/2B for Corsica)',
  })
  birthPlaceCode?: string;

  @ApiPropertyOptional({ description: "nom d'usage, when it differs from the birth name" })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  usedFamilyName?: string;
}

/**
 * How the patient is identified: typed-in traits, a typed-in INS matricule
 * (with the traits it belongs to), a Carte Vitale read (the beneficiary the
 * practitioner picked), or the appli carte Vitale. The reading itself is the
 * workstation's certified middleware's: its output is passed as is.
 */
export class IdentifyPatientDto {
  @ApiProperty({ enum: IDENTIFICATION_SOURCES })
  @IsIn(IDENTIFICATION_SOURCES, { message: `must be one of ${IDENTIFICATION_SOURCES.join(', ')}` })
  source!: IdentificationSource;

  @ApiPropertyOptional({ type: TraitsDto, description: 'with source traits or ins' })
  @ValidateIf((o: IdentifyPatientDto) => o.source === 'traits' || o.source === 'ins')
  @ValidateNested()
  @Type(() => TraitsDto)
  @IsObject({ message: 'is required with this source' })
  traits?: TraitsDto;

  @ApiPropertyOptional({
    example: '279035121518989',
    description: 'with source ins: the matricule, key included',
  })
  @ValidateIf((o: IdentifyPatientDto) => o.source === 'ins')
  @IsString({ message: 'is required with source ins' })
  @Matches(/^[0-9AB ]{13,19}$/i, { message: 'must be 15 characters (NIR or NIA with its key)' })
  matricule?: string;

  @ApiPropertyOptional({
    description: "with source vitale: the middleware's card read (lstDonneesBeneficiaire…)",
  })
  @ValidateIf((o: IdentifyPatientDto) => o.source === 'vitale')
  @IsObject({ message: 'is required with source vitale' })
  vitale?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'with source vitale: the index of the beneficiary on the card',
  })
  @ValidateIf((o: IdentifyPatientDto) => o.source === 'vitale')
  @Type(() => Number)
  @IsInt({ message: 'must be the index of a beneficiary of the card' })
  @Min(0)
  beneficiary?: number;

  @ApiPropertyOptional({ description: "with source apcv: the appli carte Vitale's identity" })
  @ValidateIf((o: IdentifyPatientDto) => o.source === 'apcv')
  @IsObject({ message: 'is required with source apcv' })
  apcv?: Record<string, unknown>;
}

export const HIGH_TRUST_DOCUMENT_KINDS = [
  'passeport',
  'carte-nationale-identite',
  'titre-sejour-permanent',
] as const;

/** The practitioner checked a high-trust identity document (RNIV): PROV → VALI, RECUP → QUAL. */
export class IdentityDocumentDto {
  @ApiProperty({ enum: HIGH_TRUST_DOCUMENT_KINDS })
  @IsIn(HIGH_TRUST_DOCUMENT_KINDS, {
    message: `must be one of ${HIGH_TRUST_DOCUMENT_KINDS.join(', ')}`,
  })
  document!: (typeof HIGH_TRUST_DOCUMENT_KINDS)[number];

  @ApiProperty({ example: '2026-11-26' })
  @IsIsoDay()
  checkedOn!: string;

  @ApiPropertyOptional({
    type: TraitsDto,
    description: 'the traits read on the document: any difference blocks',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => TraitsDto)
  documentTraits?: TraitsDto;
}
