/**
 * One error vocabulary for the whole engine. The API edge maps `code` to an HTTP
 * status once; the activity edge maps it to retryable or not.
 */
export type DomainErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'unsupported_media_type'
  | 'too_large'
  | 'unavailable'
  /** Who is calling is not known (no session, a failed login). */
  | 'unauthorized'
  /** Allowed to nobody in this situation (accès direct outside coordinated practice…): the message says why. */
  | 'forbidden'
  /** Too many calls of this kind from this caller in a short time: try again after `retryAfterSeconds`. */
  | 'too_many_requests';

export interface FieldProblem {
  /** Path of the field at fault, as the client sent it (`file`, `medecinTraitant.rpps`). */
  field: string;
  problem: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly problems: FieldProblem[] = [],
    /** For `unavailable` and `too_many_requests`: when trying again makes sense (Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(field: string, problem: string): DomainError {
    return new DomainError('invalid', `${field}: ${problem}`, [{ field, problem }]);
  }

  /** A 400 naming every field at fault, one `field: problem` per field in the message. */
  static invalidFields(problems: FieldProblem[]): DomainError {
    return new DomainError(
      'invalid',
      problems.map((p) => `${p.field}: ${p.problem}`).join('; '),
      problems,
    );
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError('not_found', `${what} ${id} not found`);
  }
}
