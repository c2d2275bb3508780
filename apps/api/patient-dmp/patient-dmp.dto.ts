import { ApiProperty } from '@nestjs/swagger';
import { Equals } from 'class-validator';

/** The practitioner's statement that the patient agreed, just now, to their reading the DMP. */
export class RecordDmpAuthorizationDto {
  @ApiProperty({
    enum: [true],
    description: 'true: the patient has just authorised you (asked in person, as the DMP requires)',
  })
  @Equals(true, { message: 'must be true: the patient has authorised you' })
  patientAuthorizes!: true;
}
