import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ValueSets } from '../value-sets';
import { buildCda } from './build-cda';
import { sampleSubmission } from './sample-submission';

export interface CdaBuildTiming {
  /** Size of the wrapped file. */
  documentBytes: number;
  /** Size of the CDA written (header, base64 body, closing tags). */
  cdaBytes: number;
  rounds: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

/**
 * Times buildCda on a PDF filing of `documentBytes` (5 MB, the DMP form's
 * limit, by default): what the benchmark reports for the CDA part of a
 * filing. Random bytes stand for the PDF's compressed streams; two warm-up
 * builds are not counted.
 */
export function measureCdaBuild(
  options: { documentBytes?: number; rounds?: number; valueSets?: ValueSets } = {},
): CdaBuildTiming {
  const documentBytes = options.documentBytes ?? 5 * 1024 * 1024;
  const rounds = options.rounds ?? 20;
  const valueSets = options.valueSets ?? ValueSets.load();
  const bytes = randomBytes(documentBytes);
  bytes.write('%PDF-1.7\n', 0, 'latin1');
  const submission = sampleSubmission({ mediaType: 'application/pdf', bytes });
  let cdaBytes = 0;
  for (let i = 0; i < 2; i++) cdaBytes = buildCda(submission, valueSets).byteLength;
  const durations: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    buildCda(submission, valueSets);
    durations.push(performance.now() - start);
  }
  durations.sort((a, b) => a - b);
  return {
    documentBytes,
    cdaBytes,
    rounds,
    medianMs: durations[Math.floor(durations.length / 2)],
    minMs: durations[0],
    maxMs: durations[durations.length - 1],
  };
}
