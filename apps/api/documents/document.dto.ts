import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  MAX_DOCUMENT_COMMENT_LENGTH,
  MAX_DOCUMENT_TITLE_LENGTH,
  MAX_WRITTEN_DOCUMENT_LENGTH,
} from '@app/domain';
import { IsIsoDay, IsNotInFuture, ParseBoolean, Trim } from '../common/validators';

/** The fields sent with a document, as on the DMP's own form. */
export class UploadDocumentDto {
  @ApiProperty({ example: 'Bilan orthophonique initial', maxLength: MAX_DOCUMENT_TITLE_LENGTH })
  @Trim()
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString()
  @MaxLength(MAX_DOCUMENT_TITLE_LENGTH)
  title!: string;

  @ApiProperty({
    example: '2026-11-20',
    description: 'date written on the document (YYYY-MM-DD), not in the future',
  })
  @IsIsoDay()
  @IsNotInFuture()
  documentDate!: string;

  @ApiPropertyOptional({ maxLength: MAX_DOCUMENT_COMMENT_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DOCUMENT_COMMENT_LENGTH, {
    message: `must be at most ${MAX_DOCUMENT_COMMENT_LENGTH} characters`,
  })
  comment?: string;

  // The visibility choices of the DMP form; all false (the default) is "normal".
  @ApiPropertyOptional({
    description: 'not visible to the patient until a professional has informed them',
  })
  @IsOptional()
  @ParseBoolean()
  @IsBoolean({ message: 'must be true or false' })
  hiddenFromPatient?: boolean;

  @ApiPropertyOptional({ description: 'hidden from other professionals' })
  @IsOptional()
  @ParseBoolean()
  @IsBoolean({ message: 'must be true or false' })
  hiddenFromProfessionals?: boolean;

  @ApiPropertyOptional({ description: "invisible to the patient's legal representatives" })
  @IsOptional()
  @ParseBoolean()
  @IsBoolean({ message: 'must be true or false' })
  hiddenFromLegalRepresentatives?: boolean;
}

/**
 * A document typed online instead of attached, as the DMP's form allows
 * ("rédiger un document (texte libre)"): the same fields, and its text. The
 * text is checked (empty, too long, control characters) by the service, which
 * names the field `text`.
 */
export class WriteDocumentDto extends UploadDocumentDto {
  @ApiProperty({
    description: `the document's text, plain (line breaks kept); ${MAX_WRITTEN_DOCUMENT_LENGTH} characters at most`,
    maxLength: MAX_WRITTEN_DOCUMENT_LENGTH,
    example: 'Bilan orthophonique initial\n\nMotif : retard de langage…',
  })
  @IsString({ message: 'must be the document’s text' })
  text!: string;
}

/** OpenAPI description of the multipart body (file + fields). */
export const UPLOAD_BODY_SCHEMA = {
  type: 'object',
  required: ['file', 'title', 'documentDate'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: 'pdf, jpeg/jpg, txt, rtf, gif or tif/tiff; 5 MB at most; recognised by content',
    },
    title: { type: 'string', maxLength: MAX_DOCUMENT_TITLE_LENGTH },
    documentDate: { type: 'string', format: 'date' },
    comment: { type: 'string', maxLength: MAX_DOCUMENT_COMMENT_LENGTH },
    hiddenFromPatient: { type: 'boolean' },
    hiddenFromProfessionals: { type: 'boolean' },
    hiddenFromLegalRepresentatives: { type: 'boolean' },
  },
};
