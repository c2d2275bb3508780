import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/** Letters (any accent), spaces, hyphens, apostrophes, dots: what a name or a town is written with. */
const NAME_CHARACTERS = /^[\p{L}\p{M} '’.-]*$/u;
const AT_LEAST_TWO_LETTERS = /\p{L}.*\p{L}/u;
const AT_LEAST_ONE_LETTER = /\p{L}/u;

/** Trimmed; a blank field (a form's empty input) is no field. */
const Blank = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() || undefined : value,
  );

/** GET /directory/physicians: a médecin searched in the Annuaire Santé by name (and town), or by RPPS. */
export class PhysicianSearchQuery {
  @ApiPropertyOptional({
    example: 'MARTIN',
    minLength: 2,
    maxLength: 100,
    description:
      "the physician's family name, or its beginning (case and accents do not matter); required without rpps",
  })
  @ValidateIf((o: PhysicianSearchQuery) => o.rpps === undefined || o.name !== undefined)
  @IsNotEmpty({
    message:
      'must be given (or rpps): the Annuaire Santé finds physicians by name or RPPS, not by town alone',
  })
  @IsString({ message: 'must be text' })
  @Blank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  @Matches(NAME_CHARACTERS, { message: 'must be letters, spaces, hyphens or apostrophes' })
  @Matches(AT_LEAST_TWO_LETTERS, { message: 'must be at least 2 letters' })
  name?: string;

  @ApiPropertyOptional({
    example: 'Bordeaux',
    maxLength: 100,
    description:
      'keeps the physicians who practise in a town whose name starts so (case, accents and hyphens do not matter); with name only',
  })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @Blank()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  @Matches(NAME_CHARACTERS, {
    message: 'must be a town name (letters, spaces, hyphens, apostrophes)',
  })
  @Matches(AT_LEAST_ONE_LETTER, {
    message: 'must be a town name (letters, spaces, hyphens, apostrophes)',
  })
  town?: string;

  @ApiPropertyOptional({
    example: '10000000015',
    description: "the physician's RPPS (11 digits); name and town are then not used",
  })
  @IsOptional()
  @Blank()
  @Matches(/^\d{11}$/, { message: 'must be an RPPS number (11 digits)' })
  rpps?: string;
}
