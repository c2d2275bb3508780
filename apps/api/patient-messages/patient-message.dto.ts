import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { Trim } from '../common/validators';

export const MAX_PATIENT_MESSAGE_SUBJECT_LENGTH = 200;
export const MAX_PATIENT_MESSAGE_LENGTH = 20_000;
export const MAX_PATIENT_MESSAGE_DOCUMENTS = 5;

/** A message the practitioner writes to their patient at their Mon espace santé address. */
export class WritePatientMessageDto {
  @ApiProperty({
    description:
      'the subject; `[FIN]` in it (upper case, in brackets) ends the conversation: the patient can no longer answer',
    maxLength: MAX_PATIENT_MESSAGE_SUBJECT_LENGTH,
    example: 'Votre prochaine séance',
  })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(MAX_PATIENT_MESSAGE_SUBJECT_LENGTH)
  // A line break would start another header of the message.
  @Matches(/^[^\r\n]*$/, { message: 'must be one line' })
  subject!: string;

  @ApiProperty({ maxLength: MAX_PATIENT_MESSAGE_LENGTH })
  @IsString()
  @Matches(/\S/, { message: 'must not be empty' })
  @MaxLength(MAX_PATIENT_MESSAGE_LENGTH, {
    message: `must be at most ${MAX_PATIENT_MESSAGE_LENGTH} characters`,
  })
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, {
    message: 'must not hold control characters',
  })
  text!: string;

  @ApiPropertyOptional({
    description:
      'documents of this pathway to attach; one hidden from the patient (INVISIBLE_PATIENT) is refused',
    type: [String],
    maxItems: MAX_PATIENT_MESSAGE_DOCUMENTS,
  })
  @IsOptional()
  @IsArray({ message: 'must be a list of document ids' })
  @ArrayMaxSize(MAX_PATIENT_MESSAGE_DOCUMENTS)
  @IsUUID('all', { each: true, message: 'each must be a document id (UUID)' })
  documentIds?: string[];
}
