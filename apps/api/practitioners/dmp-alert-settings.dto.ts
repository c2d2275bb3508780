import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../common/validators';

/** Whether to be alerted of new documents in patients' DMPs, and where. */
export class DmpAlertSettingsDto {
  @ApiProperty({ description: 'alerted of new DMP documents of the patients of active pathways' })
  @IsBoolean({ message: 'must be true or false' })
  enabled!: boolean;

  @ApiPropertyOptional({
    description: 'the MSSanté address alerts go to (required when enabled)',
    example: 'anais.ortho@orthophonie.mssante.fr',
  })
  @IsOptional()
  @Trim()
  @IsString({ message: 'must be an MSSanté address' })
  @MaxLength(254)
  address?: string;
}
