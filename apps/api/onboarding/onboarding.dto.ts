import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
import { billingNumberProblem, normalizedBillingNumber } from '@app/domain';
import { Trim } from '../common/validators';
import { mssAddressProblem } from './mss-address';

const RPPS_MESSAGE = 'must be an RPPS number (11 digits)';

/** A numéro AM or ADELI; written with spaces or dots as on a card, kept without them. */
function IsBillingNumber(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBillingNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args) => billingNumberProblem(args.value) ?? 'must be a numéro AM or ADELI',
        ...options,
      },
      validator: { validate: (value: unknown) => billingNumberProblem(value) === undefined },
    });
}

/** A professional MSSanté address (patients' addresses are not practitioners'). */
function IsProfessionalMssAddress(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isProfessionalMssAddress',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: (args) => mssAddressProblem(args.value) ?? 'must be an MSSanté address',
        ...options,
      },
      validator: { validate: (value: unknown) => mssAddressProblem(value) === undefined },
    });
}

const NormalizeBillingNumber = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normalizedBillingNumber(value) : value,
  );

export class CreateCptsDto {
  @ApiProperty({ example: 'CPTS des Trois Rivières' })
  @Trim()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be text' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name!: string;

  @ApiProperty({
    example: '510023456',
    description:
      "the CPTS's own identifier (its FINESS, SIRET or association number), unique in the engine; kept in capitals",
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().toUpperCase() : value,
  )
  @IsString({ message: 'must be text' })
  @Matches(/^[0-9A-Z][0-9A-Z-]{1,39}$/, {
    message: 'must be 2 to 40 letters, digits or hyphens (a FINESS, SIRET or similar)',
  })
  identifier!: string;

  @ApiPropertyOptional({
    default: false,
    description:
      "the CPTS's projet de santé provides for accès direct (its adherents in a cabinet may practise it)",
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  projetDeSanteAccesDirect?: boolean;

  @ApiPropertyOptional({ default: 'P30D', description: 'ISO-8601: bilan initial due after' })
  @IsOptional()
  @IsString({ message: 'must be an ISO-8601 duration' })
  bilanInitialDueAfter?: string;

  @ApiPropertyOptional({ default: 'P30D', description: 'ISO-8601: compte-rendu due after' })
  @IsOptional()
  @IsString({ message: 'must be an ISO-8601 duration' })
  compteRenduDueAfter?: string;

  @ApiPropertyOptional({ default: 'P7D', description: 'ISO-8601: time between two reminders' })
  @IsOptional()
  @IsString({ message: 'must be an ISO-8601 duration' })
  reminderEvery?: string;

  @ApiPropertyOptional({ default: 2, description: 'reminders before the coordinator is alerted' })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  escalateAfterReminders?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'coordination@cpts-trois-rivieres.mssante.fr',
    description: 'where escalations go by MSSanté; none: they stay in the notification list',
  })
  @ValidateIf((o: CreateCptsDto) => o.coordinatorMssAddress !== null)
  @IsOptional()
  @IsProfessionalMssAddress()
  coordinatorMssAddress?: string | null;
}

export class RegisterPractitionerDto {
  @ApiProperty({
    example: '10000000101',
    description: 'RPPS (11 digits), looked up in the Annuaire Santé',
  })
  @IsString({ message: RPPS_MESSAGE })
  @Matches(/^\d{11}$/, { message: RPPS_MESSAGE })
  rpps!: string;

  @ApiPropertyOptional({
    example: 'camille.leroy@ortho-demo.mssante.fr',
    description:
      "which of the directory's MSSanté mailboxes the engine writes to; required when it lists several",
  })
  @IsOptional()
  @IsProfessionalMssAddress()
  mssAddress?: string;

  @ApiPropertyOptional({
    example: '511234567',
    description:
      'numéro AM (or ADELI): the number the acts of accès direct are billed under, as prescripteur',
  })
  @IsOptional()
  @NormalizeBillingNumber()
  @IsBillingNumber()
  billingNumber?: string;

  @ApiPropertyOptional({
    default: true,
    description:
      'the practitioner will open pathways: the Annuaire Santé must list them as orthophoniste (TRE_G15 91)',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  opensPathways?: boolean;
}

/** Large enough for a CPTS's whole roster, small enough for one JSON body (100 KB). */
export const MAX_ROSTER_CHARACTERS = 90_000;

export class BulkRegistrationDto {
  @ApiProperty({
    example: 'rpps;billingNumber;mssAddress\n10000000101;511234567;\n10000000102;;',
    description:
      'CSV with a header line: `rpps` (required), `billingNumber`, `mssAddress` columns, separated by `;` or `,`',
  })
  @IsString({ message: 'must be CSV text' })
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(MAX_ROSTER_CHARACTERS, {
    message: `must be at most ${MAX_ROSTER_CHARACTERS} characters`,
  })
  csv!: string;

  @ApiProperty({
    description:
      'true: a line-by-line report, nothing written; false: everyone registered, or nobody if one line cannot be',
  })
  @IsBoolean({ message: 'must be true or false' })
  dryRun!: boolean;
}

export class DirectorySyncDto {
  @ApiPropertyOptional({
    description:
      'the MSSanté address to keep when the one recorded is no longer in the directory and it lists several',
  })
  @IsOptional()
  @IsProfessionalMssAddress()
  mssAddress?: string;
}

export class BillingNumberDto {
  @ApiProperty({
    nullable: true,
    example: '511234567',
    description: 'numéro AM (or ADELI) the practitioner bills under; null removes it',
  })
  @ValidateIf((o: BillingNumberDto) => o.billingNumber !== null)
  @NormalizeBillingNumber()
  @IsBillingNumber()
  billingNumber!: string | null;
}
