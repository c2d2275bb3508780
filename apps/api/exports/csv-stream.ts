import { Readable, pipeline } from 'node:stream';
import { Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import type { Pool, PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * CSV as French spreadsheets open it: UTF-8 with a byte-order mark (Excel
 * reads accents right), `;` between fields (`,` is the decimal separator),
 * CRLF line ends, a header line. A text cell that begins like a formula
 * (`=`, `+`, `-`, `@`) is prefixed with `'` so that no spreadsheet runs it.
 */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

export type CsvCell = string | number | null | undefined;

/** One column: its French header and how a record fills it. */
export interface CsvColumn<R> {
  header: string;
  value: (record: R) => CsvCell;
}

const logger = new Logger('CsvExport');

function stringifier(headers: readonly string[]) {
  return stringify({
    bom: true,
    delimiter: ';',
    record_delimiter: 'windows',
    header: true,
    columns: [...headers],
  });
}

/** A text cell made safe against formula injection; numbers stay numbers. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function recordOf<R>(columns: readonly CsvColumn<R>[], record: R): string[] {
  return columns.map((c) => csvCell(c.value(record)));
}

function startCsv(res: Response, fileName: string): void {
  res.status(200);
  res.setHeader('Content-Type', CSV_MEDIA_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
}

/** A CSV from records already in memory (small tables: indicators, one row per orthophoniste). */
export function sendCsv<R>(
  res: Response,
  fileName: string,
  columns: readonly CsvColumn<R>[],
  records: Iterable<R>,
): Promise<void> {
  startCsv(res, fileName);
  const rows = Readable.from(
    (function* () {
      for (const record of records) yield recordOf(columns, record);
    })(),
  );
  return new Promise((resolve) => {
    pipeline(rows, stringifier(columns.map((c) => c.header)), res, (error) => {
      if (error && !res.destroyed) res.destroy(error);
      resolve();
    });
  });
}

export interface StreamedQuery<R> {
  fileName: string;
  sql: string;
  parameters: unknown[];
  columns: readonly CsvColumn<R>[];
  /** Rows fetched from PostgreSQL per round trip. */
  batchSize?: number;
}

/**
 * Streams a query's rows to the response as CSV at constant memory, whatever
 * their number: a PostgreSQL cursor (pg-query-stream) on a connection of the
 * DataSource's pool, each row mapped and written as the client reads, with
 * back-pressure all along (the cursor fetches the next batch only when the
 * socket has taken the previous one). No array of rows is ever built.
 *
 * The first batch is awaited before anything is written, so that a failing
 * query is still answered with the API's error (the caller's filter). A failure
 * after that cuts the response (no terminating chunk: the client sees a
 * truncated transfer, never a short CSV that looks complete). When the client
 * goes away, the cursor is closed and the connection goes back to the pool;
 * a connection whose cursor failed is discarded instead.
 */
export async function streamQueryAsCsv<R>(
  dataSource: DataSource,
  res: Response,
  query: StreamedQuery<R>,
): Promise<void> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const client: PoolClient = await pool.connect();
  const rows = client.query(
    new QueryStream(query.sql, query.parameters, { batchSize: query.batchSize ?? 500 }),
  );
  let failure: Error | undefined;
  rows.on('error', (error: Error) => (failure ??= error));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // A connection whose cursor failed may be mid-protocol: the pool drops it.
    client.release(failure ?? undefined);
  };
  const releaseWhenClosed = () => {
    if (rows.closed) release();
    else {
      rows.once('close', release);
      rows.destroy();
    }
  };

  const iterator = rows[Symbol.asyncIterator]() as AsyncIterator<R>;
  let first: IteratorResult<R>;
  try {
    first = await iterator.next();
  } catch (error) {
    failure ??= error as Error;
    releaseWhenClosed();
    throw error;
  }
  const records = Readable.from(
    (async function* () {
      let next = first;
      while (!next.done) {
        yield recordOf(query.columns, next.value);
        next = await iterator.next();
      }
    })(),
  );

  startCsv(res, query.fileName);
  await new Promise<void>((resolve) => {
    pipeline(records, stringifier(query.columns.map((c) => c.header)), res, (error) => {
      if (error) {
        const aborted = error.code === 'ERR_STREAM_PREMATURE_CLOSE';
        if (!aborted) {
          failure ??= error;
          logger.error(`CSV export ${query.fileName} cut short: ${error.name}: ${error.message}`);
        }
        if (!res.destroyed) res.destroy();
      }
      releaseWhenClosed();
      resolve();
    });
  });
}
