import { inspect } from 'node:util';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';

/**
 * The SDK's logger, but an error it logs (an activity failed, a workflow task
 * failed…) shows its kind only — class and failure type (`MssMAILBOX_FULL`,
 * `DmpUNAVAILABLE`) — never its message or stack: those may name a patient,
 * an address, a document, and logs are read by operators without the right to.
 * Whoever holds the payload keys reads the full failure in Temporal.
 */
export function redactingLogger(level: LogLevel = 'INFO'): Logger {
  return new DefaultLogger(level, writeRedacted);
}

/** Writes one entry to stderr, as the SDK's default logger does, errors reduced to their kind. */
export function writeRedacted(entry: LogEntry): void {
  const date = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  const meta = entry.meta === undefined ? '' : ` ${inspect(redacted(entry.meta), { depth: 4 })}`;
  process.stderr.write(`${date} [${entry.level}] ${entry.message}${meta}\n`);
}

export function redacted(meta: LogMetadata): LogMetadata {
  return Object.fromEntries(
    Object.entries(meta).map(([key, value]) => [
      key,
      value instanceof Error ? kindOf(value) : value,
    ]),
  );
}

/** An error's class and failure type, down its causes. */
function kindOf(error: Error): Record<string, unknown> {
  const type = (error as { type?: unknown }).type;
  return {
    name: error.name,
    ...(typeof type === 'string' ? { type } : {}),
    ...(error.cause instanceof Error ? { cause: kindOf(error.cause) } : {}),
  };
}
