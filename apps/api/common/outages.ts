import { isGrpcServiceError } from '@temporalio/client';
import { DomainError } from '@app/domain';

/** How long a client should wait before trying again after an outage answer. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** Socket errors: the server is not there, or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs that say the database cannot serve now (not that the request is
 * wrong): connection exceptions (class 08), too many connections, shutdown or
 * start-up, and a statement cancelled by the statement timeout.
 */
const UNAVAILABLE_SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03', '57014']);

/** node-postgres and its pool say so in words only. */
const POOL_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
];

/** gRPC codes of a Temporal server that cannot be reached or did not answer in time. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/**
 * An error that comes from PostgreSQL or Temporal being unreachable, as the
 * API's 503 (with Retry-After); undefined for any other error. The driver's
 * own message is not repeated: it may name hosts and users.
 */
export function outageOf(error: unknown): DomainError | undefined {
  if (isDatabaseOutage(error)) {
    return new DomainError(
      'unavailable',
      "the engine's database does not answer right now; try again in a moment",
      [],
      OUTAGE_RETRY_AFTER_SECONDS,
    );
  }
  if (isTemporalOutage(error)) {
    return new DomainError(
      'unavailable',
      'the pathway engine (Temporal) cannot be reached right now; try again in a moment',
      [],
      OUTAGE_RETRY_AFTER_SECONDS,
    );
  }
  return undefined;
}

export function isDatabaseOutage(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const { code, message, driverError } = cause as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
    };
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) {
        return true;
      }
    }
    if (typeof message === 'string' && POOL_MESSAGES.some((m) => message.startsWith(m))) {
      return true;
    }
    cause = driverError ?? (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** Temporal could not be reached, or did not answer before the call's deadline. */
export function isTemporalOutage(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    if (isGrpcServiceError(cause)) {
      const code = Number(cause.code);
      return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED;
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
