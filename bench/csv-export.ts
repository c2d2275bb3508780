/**
 * The CSV export's memory at scale: 100,000 pathways of one CPTS streamed
 * over HTTP by the API's own export code (PostgreSQL cursor → csv-stringify →
 * the response), read by a client in the same process as fast as it comes.
 * The process's resident memory is sampled throughout; its growth over the
 * level before the export is what a large export costs.
 *
 * Measured twice: in the bench's own process, where V8 lets garbage pile up
 * while memory is plentiful (the growth follows the garbage, not the rows
 * kept), and in a process whose heap is capped at EXPORT_HEAP_MB, where an
 * export that kept its rows could not finish: there the growth is the
 * export's live memory.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import express from 'express';
import type { DataSource } from 'typeorm';
import { shiftDays, shiftYears, parisDay } from '@app/domain';
import { streamQueryAsCsv } from '../apps/api/exports/csv-stream';
import { pathwayExportColumns, pathwayExportQuery } from '../apps/api/exports/pathway-export';

export interface ExportFigures {
  rows: number;
  bytes: number;
  seconds: number;
  rssGrowthMb: number;
}

export async function measureCsvExport(
  dataSource: DataSource,
  cptsId: string,
): Promise<ExportFigures> {
  const to = parisDay(new Date());
  // The longest period the API takes: every pathway of the CPTS.
  const period = { from: shiftDays(shiftYears(to, -5), 1), to };
  const app = express();
  app.get('/export.csv', (_req, res) => {
    void streamQueryAsCsv(dataSource, res, {
      fileName: 'parcours.csv',
      ...pathwayExportQuery('coordinator', cptsId, period),
      columns: pathwayExportColumns('coordinator', Date.now()),
    });
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/export.csv`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 0x0a) lines += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { rows: lines - 1, bytes, seconds, rssGrowthMb: (peak - baseline) / 1024 / 1024 };
  } finally {
    server.close();
  }
}

/** Well under what 100,000 exported rows would take if they were kept (about 100 MB of objects). */
export const EXPORT_HEAP_MB = 96;

export async function measureCsvExportInCappedHeap(
  databaseUrl: string,
  cptsId: string,
): Promise<ExportFigures> {
  const child = fork(require.resolve('./csv-export-process'), {
    execArgv: [...process.execArgv, `--max-old-space-size=${EXPORT_HEAP_MB}`],
  });
  const exited = once(child, 'exit');
  child.send({ databaseUrl, cptsId });
  const [answer] = (await once(child, 'message')) as [{ figures?: ExportFigures; error?: string }];
  await exited;
  if (!answer.figures) throw new Error(`CSV export in a capped heap failed: ${answer.error}`);
  return answer.figures;
}
