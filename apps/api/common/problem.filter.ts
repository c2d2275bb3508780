import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { DomainError, FieldProblem } from '@app/domain';
import { OUTAGE_RETRY_AFTER_SECONDS, outageOf } from './outages';
import { HTTP_STATUS_OF, ProblemBody } from './problem';

/** Answers that say "not now": they say when to try again. */
const TRY_AGAIN_LATER: ReadonlySet<number> = new Set([
  HttpStatus.SERVICE_UNAVAILABLE,
  HttpStatus.TOO_MANY_REQUESTS,
]);

/**
 * Maps every error to one answer shape, once, at the edge. PostgreSQL or
 * Temporal out of reach is a 503; every 503 and 429 says when to try again
 * (Retry-After). Unexpected errors are logged with their type and message,
 * never with the request's content (it may hold health data), and answered
 * with a generic 500.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('API');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const known = error instanceof DomainError ? error : (outageOf(error) ?? error);
    const body = this.toProblem(known);
    const retryAfter =
      known instanceof DomainError && known.retryAfterSeconds !== undefined
        ? known.retryAfterSeconds
        : TRY_AGAIN_LATER.has(body.statusCode)
          ? OUTAGE_RETRY_AFTER_SECONDS
          : undefined;
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }

  private toProblem(error: unknown): ProblemBody {
    if (error instanceof DomainError) {
      return problem(HTTP_STATUS_OF[error.code], error.message, error.problems);
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const raw = error.getResponse();
      const problems =
        typeof raw === 'object' && raw && 'problems' in raw ? (raw.problems as FieldProblem[]) : [];
      const message =
        typeof raw === 'object' && raw && 'message' in raw
          ? [raw.message].flat().join('; ')
          : typeof raw === 'string'
            ? raw
            : error.message;
      return problem(
        status,
        message,
        problems.length || status !== 400 ? problems : bodyProblem(message),
      );
    }
    if (isClientHttpError(error)) {
      // Raised by the body parser before any handler runs (a 413 for a body over its limit, …).
      return problem(error.status, error.message, bodyProblem(error.message));
    }
    const err = error as Error;
    this.logger.error(
      `Unexpected ${err?.name ?? 'error'}: ${err?.message ?? String(error)}`,
      err?.stack,
    );
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal error', []);
  }
}

function bodyProblem(message: string): FieldProblem[] {
  return [{ field: 'body', problem: message }];
}

function isClientHttpError(error: unknown): error is { status: number; message: string } {
  const status = (error as { status?: unknown })?.status;
  return (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    (error as { expose?: unknown }).expose === true
  );
}

function problem(statusCode: number, message: string, problems: FieldProblem[]): ProblemBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, problems };
}
