import { buildCda, ValueSets } from '@app/dmp';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sampleSubmission } from '../../dmp/cda/sample-submission';
import { buildXdmPackage } from './xdm-package';

/**
 * Times buildXdmPackage on a PDF of `documentBytes` (5 MB by default, the DMP
 * form's limit) for each compression: what choosing DEFAULT_XDM_COMPRESSION
 * rests on. Random bytes stand for the PDF's compressed streams. Not a test:
 * run it with `npx tsx libs/mss/xdm/bench.ts`.
 */
export interface XdmBuildTiming {
  compression: string;
  zipBytes: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

const median = (sorted: number[]): number => sorted[Math.floor(sorted.length / 2)];

function time(
  rounds: number,
  run: () => unknown,
): { medianMs: number; minMs: number; maxMs: number } {
  run();
  run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { medianMs: median(times), minMs: times[0], maxMs: times[times.length - 1] };
}

export function measureXdmBuild(
  options: { documentBytes?: number; rounds?: number; levels?: (number | undefined)[] } = {},
): {
  documentBytes: number;
  cdaBytes: number;
  cdaBuild: XdmBuildTiming;
  packages: XdmBuildTiming[];
} {
  const documentBytes = options.documentBytes ?? 5 * 1024 * 1024;
  const rounds = options.rounds ?? 15;
  const valueSets = ValueSets.load();
  const submission = sampleSubmission({
    mediaType: 'application/pdf',
    bytes: randomBytes(documentBytes),
  });
  const cda = buildCda(submission, valueSets);
  const cdaBuild = {
    compression: 'buildCda alone',
    zipBytes: cda.byteLength,
    ...time(rounds, () => buildCda(submission, valueSets)),
  };
  const packages = (options.levels ?? [undefined, 0, 1, 6]).map((level) => {
    const build = () =>
      buildXdmPackage({
        submission,
        valueSets,
        sourceId: '1.2.250.1.999.2',
        submissionSetUniqueId: '2.25.329800735698586629295641978511506172918',
        entryUUID: 'urn:uuid:0f3e2c1a-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
        submissionTime: new Date('2025-03-14T10:00:00Z'),
        intendedRecipients: [{ address: 'dest@medecin.mssante.fr', rpps: '10003456789' }],
        software: { name: 'bench', version: '0', vendor: 'bench' },
        ...(level === undefined ? {} : { compressionLevel: level }),
      });
    return {
      compression: level === undefined ? 'default (huffman-only)' : `level ${level}`,
      zipBytes: build().zip.length,
      ...time(rounds, build),
    };
  });
  return { documentBytes, cdaBytes: cda.byteLength, cdaBuild, packages };
}

if (require.main === module) {
  const result = measureXdmBuild();
  console.log(
    `PDF ${result.documentBytes} bytes, CDA ${result.cdaBytes} bytes (median/min/max of 15 builds)`,
  );
  for (const t of [result.cdaBuild, ...result.packages]) {
    console.log(
      `${t.compression.padEnd(24)} ${t.medianMs.toFixed(1).padStart(7)} ms ` +
        `(${t.minMs.toFixed(1)}–${t.maxMs.toFixed(1)})  ${t.zipBytes} bytes`,
    );
  }
}
