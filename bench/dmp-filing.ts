import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import {
  ValueSets,
  buildCda,
  buildProvideAndRegisterRequest,
  buildRegistryResponse,
  buildSoapResponse,
  callSoap,
  createSignedVihf,
  newContentId,
  XDS_ACTIONS,
} from '@app/dmp';
import type { HttpBody } from '@app/dmp';
import { TestPki, generateTestPki } from '@app/pki';
import { sampleSubmission } from '../libs/dmp/cda/sample-submission';
import { percentile } from './stats';

export interface DmpFilingTiming {
  /** The test PKI the filing was signed with (reused by the rest of the benchmark). */
  pki: TestPki;
  documentBytes: number;
  requestBytes: number;
  samples: number[];
  /** Memory a built request keeps, in copies of the document (the base64 CDA alone is 1.33). */
  retainedCopies: number;
}

/**
 * Builds and serialises, as DmpClient does for ITI-41, the filing of a 5 MB
 * PDF: the CDA, the XDS metadata, the signed VIHF, the SOAP envelope and the
 * MTOM body, up to the bytes that would go on the wire (the network is left
 * out: a stub takes the body and answers Success).
 */
export async function measureDmpFiling(
  rounds = 60,
  documentBytes = 5 * 1024 * 1024,
): Promise<DmpFilingTiming> {
  const valueSets = ValueSets.load();
  const pki = generateTestPki({ password: 'bench' });
  const bytes = randomBytes(documentBytes);
  bytes.write('%PDF-1.7\n', 0, 'latin1');
  const submission = sampleSubmission({ mediaType: 'application/pdf', bytes });
  const signer = {
    privateKeyPem: pki.structureSign.privateKeyPem,
    certificatePem: pki.structureSign.certificatePem,
  };
  const tls = { ...pki.structureAuth, caPem: pki.caPem };

  let sent: HttpBody | undefined;
  const fileOnce = async (): Promise<HttpBody> => {
    const cda = buildCda(submission, valueSets);
    const documentContentId = newContentId();
    const bodyXml = buildProvideAndRegisterRequest({
      submission,
      cda,
      valueSets,
      sourceId: '1.2.250.1.999.1.1',
      submissionSetUniqueId: '1.2.250.1.999.1.1.1',
      documentContentId,
      submissionTime: new Date(),
    });
    await callSoap(
      {
        url: 'https://dmp.invalid/repository',
        action: XDS_ACTIONS.provideAndRegister,
        bodyXml,
        vihf: createSignedVihf(
          { author: submission.author, patient: submission.patient, authnInstant: new Date() },
          { version: '4.0', lps: { name: 'bench', version: '0', homologationNumber: 'BENCH' } },
          signer,
        ),
        attachments: [{ contentId: documentContentId, mediaType: 'text/xml', chunks: cda.chunks }],
        tls,
        timeoutMs: 30_000,
      },
      async (request) => {
        sent = request.body;
        return {
          status: 200,
          contentType: 'application/soap+xml',
          body: Buffer.from(
            buildSoapResponse({
              action: `${request.action}Response`,
              bodyXml: buildRegistryResponse(),
            }).xml,
          ),
        };
      },
    );
    return sent as HttpBody;
  };

  for (let i = 0; i < 3; i++) await fileOnce(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await fileOnce();
    samples.push(performance.now() - started);
  }

  const settled = collector();
  sent = undefined;
  const before = await settled();
  const kept = await fileOnce();
  const retained = (await settled()) - before;
  return {
    pki,
    documentBytes,
    requestBytes: kept.byteLength,
    samples,
    retainedCopies: retained / documentBytes,
  };
}

export function summarise(timing: DmpFilingTiming): { median: number; p99: number } {
  return { median: percentile(timing.samples, 50), p99: percentile(timing.samples, 99) };
}

/**
 * Memory held in buffers once garbage is collected. Backing stores are freed
 * after the collection, so it runs twice with a turn of the event loop between.
 */
function collector(): () => Promise<number> {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  return async () => {
    for (let i = 0; i < 2; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return process.memoryUsage().arrayBuffers;
  };
}
