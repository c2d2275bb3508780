import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '@app/domain';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({ exceptionFactory: () => DomainError.invalid(name, 'must be a UUID') });
}
