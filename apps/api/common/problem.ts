import { HttpStatus } from '@nestjs/common';
import type { DomainErrorCode, FieldProblem } from '@app/domain';

/** The body of every error answer: what went wrong, and which fields are at fault. */
export interface ProblemBody {
  statusCode: number;
  error: string;
  message: string;
  problems: FieldProblem[];
}

export const HTTP_STATUS_OF: Record<DomainErrorCode, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  forbidden: HttpStatus.FORBIDDEN,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
  unauthorized: HttpStatus.UNAUTHORIZED,
};
