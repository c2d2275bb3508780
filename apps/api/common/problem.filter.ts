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
import { HTTP_STATUS_OF, ProblemBody } from './problem';

/**
 * Maps every error to one answer shape, once, at the edge. Unexpected errors
 * are logged without request content (it may hold health data) and answered
 * with a generic 500.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('API');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toProblem(error);
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
      return problem(status, message, problems);
    }
    const err = error as Error;
    this.logger.error(
      `Unexpected ${err?.name ?? 'error'}: ${err?.message ?? String(error)}`,
      err?.stack,
    );
    return problem(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'Internal error; nothing about it was logged but its type',
      [],
    );
  }
}

function problem(statusCode: number, message: string, problems: FieldProblem[]): ProblemBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, problems };
}
