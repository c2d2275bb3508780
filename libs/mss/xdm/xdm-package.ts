import { buildCda, insProblem, type DocumentSubmission, type ValueSets } from '@app/dmp';
import { MssError } from '../errors';
import { deterministicIds } from './ids';
import { indexHtm } from './index-htm';
import { isPatientMailbox, writeXdmMetadata, xdmMetadata, type XdmRecipient } from './metadata-xml';
import { readmeTxt, type XdmSoftware } from './readme-txt';
import { readZip, writeZip, ZipFormatError, type ZipCompression } from './zip';

/**
 * The IHE XDM package (IHE_XDM.ZIP) that goes with a health document sent by
 * MSSanté (facts.md §3.4; IHE ITI TF-1 §16, TF-3 §4.2.3 "XDM"):
 *
 *   INDEX.HTM                      what the package holds, for a human
 *   README.TXT                     the sending software
 *   IHE_XDM/SUBSET01/METADATA.XML  the XDS metadata of the DMP filing, as an XDM SubmitObjectsRequest
 *   IHE_XDM/SUBSET01/DOC00001.XML  the CDA R2 document (8.3 name, the DocumentEntry's URI)
 *
 * The same input gives the same bytes: the ids are derived from the
 * submission set's uniqueId, the ZIP times from submissionTime, so a
 * retried send composes the same message.
 */

/** The attachment's file name. */
export const XDM_ATTACHMENT_NAME = 'IHE_XDM.ZIP';
export const XDM_SUBSET_DIR = 'IHE_XDM/SUBSET01';
export const XDM_PATHS = {
  index: 'INDEX.HTM',
  readme: 'README.TXT',
  metadata: `${XDM_SUBSET_DIR}/METADATA.XML`,
  /** The first (and only) document; its metadata URI is the name without the directory. */
  document: `${XDM_SUBSET_DIR}/DOC00001.XML`,
} as const;
const DOCUMENT_URI = 'DOC00001.XML';

/**
 * Default compression of every file: deflate with Huffman coding only.
 * Measured on a 2-core VM with a 5 MB random PDF (CDA of 7.0 MB, base64):
 * Huffman-only ~30 ms and 24 % smaller (the body is base64: 6 bits of entropy
 * per byte, which Huffman coding recovers and LZ77 cannot improve on); level 1
 * ~120 ms for the same size, level 6 ~115 ms; STORE ~0 ms but 32 % more bytes
 * to base64, encrypt and send. Huffman-only keeps the package well inside the
 * 10-messages-per-second budget and, having no match search, gives the same
 * bytes on every CPU (Node's zlib picks its match finder by CPU features).
 */
export const DEFAULT_XDM_COMPRESSION: ZipCompression = 'huffman';

export interface XdmPackageInput {
  /** The same input as a DMP filing. */
  submission: DocumentSubmission;
  valueSets: ValueSets;
  /** OID of the sending software (SubmissionSet sourceId). */
  sourceId: string;
  /** 2.25.<uuid as an integer>, chosen by the caller so that a retry builds the same package. */
  submissionSetUniqueId: string;
  /** urn:uuid of the DocumentEntry. */
  entryUUID: string;
  submissionTime: Date;
  /** Who the message goes to (SubmissionSet intendedRecipient): at least one. */
  intendedRecipients: XdmRecipient[];
  software: XdmSoftware;
  /**
   * 0 stores every file, 1–9 deflates at that zlib level; absent:
   * DEFAULT_XDM_COMPRESSION (Huffman-only deflate, see there why).
   */
  compressionLevel?: number;
  /** entryUUID of the version a corrected document replaces, when known (XDS RPLC association). */
  replacedEntryUUID?: string;
}

export interface XdmPackage {
  /** IHE_XDM.ZIP. */
  zip: Buffer;
  /** The CDA header code (X-MSS-CODECDA). */
  cdaCode: string;
  /** A qualified INS is in the package (X-MSS-INS: O / N). */
  qualifiedIns: boolean;
  /** Paths inside the zip, in order. */
  files: string[];
}

function compressionOf(level: number | undefined): ZipCompression {
  if (level === undefined) return DEFAULT_XDM_COMPRESSION;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new RangeError(`compressionLevel ${level} is not an integer from 0 to 9`);
  }
  return level === 0 ? 'store' : { level };
}

function checkSoftware(software: XdmSoftware): void {
  for (const field of ['name', 'version', 'vendor'] as const) {
    if (!software[field]?.trim()) throw new RangeError(`software.${field} is empty`);
  }
}

/**
 * Builds the package. Refuses with a DmpError what the DMP would refuse
 * (unqualified identity, codes outside their value sets…), with an MssError
 * an invalid recipient (ADDRESS_INVALID) and a document hidden from the
 * patient addressed to the patient's own mailbox (NOT_ALLOWED, facts.md §3.2).
 */
export function buildXdmPackage(input: XdmPackageInput): XdmPackage {
  const { submission } = input;
  checkSoftware(input.software);
  const compression = compressionOf(input.compressionLevel);
  if (
    submission.visibility.hiddenFromPatient &&
    input.intendedRecipients.some((r) => isPatientMailbox(r.address))
  ) {
    throw new MssError(
      'NOT_ALLOWED',
      'a document invisible to the patient is never sent to their MSSanté mailbox',
    );
  }

  const cda = buildCda(submission, input.valueSets);
  const newId = deterministicIds(`${input.submissionSetUniqueId}|${input.entryUUID}`);
  const metadata = xdmMetadata({
    submission,
    cda,
    valueSets: input.valueSets,
    sourceId: input.sourceId,
    submissionSetUniqueId: input.submissionSetUniqueId,
    entryUUID: input.entryUUID,
    submissionTime: input.submissionTime,
    intendedRecipients: input.intendedRecipients,
    documentUri: DOCUMENT_URI,
    ...(input.replacedEntryUUID ? { replacedEntryUUID: input.replacedEntryUUID } : {}),
    newId,
  });
  const entry = metadata.documentEntries[0];
  const files = [XDM_PATHS.index, XDM_PATHS.readme, XDM_PATHS.metadata, XDM_PATHS.document];
  const zip = writeZip(
    [
      {
        name: XDM_PATHS.index,
        data: Buffer.from(
          indexHtm({
            submission,
            entry,
            readmePath: XDM_PATHS.readme,
            documentPath: XDM_PATHS.document,
            metadataPath: XDM_PATHS.metadata,
            software: input.software,
          }),
          'utf8',
        ),
      },
      { name: XDM_PATHS.readme, data: Buffer.from(readmeTxt(input.software, files), 'utf8') },
      { name: XDM_PATHS.metadata, data: Buffer.from(writeXdmMetadata(metadata, newId), 'utf8') },
      // The CDA's chunks go in as they are: no copy when stored.
      { name: XDM_PATHS.document, data: cda.chunks },
    ],
    { modified: input.submissionTime, timeZone: 'Europe/Paris', compression },
  );
  return {
    zip,
    cdaCode: entry.typeCode!.code,
    qualifiedIns: insProblem(submission.patient.ins) === undefined,
    files,
  };
}

export interface XdmPackageContent {
  index: string;
  readme: string;
  metadataXml: string;
  /** The subset's other files by their name in the subset (the DocumentEntry URI), e.g. DOC00001.XML. */
  documents: Map<string, Buffer>;
}

/**
 * Reads a package back (tests, checks of what is sent or received). The
 * archive is checked (CRC-32 of every file); a package without INDEX.HTM,
 * README.TXT or IHE_XDM/SUBSET01/METADATA.XML is refused with a
 * ZipFormatError.
 */
export function readXdmPackage(zip: Buffer): XdmPackageContent {
  const files = readZip(zip);
  const text = (path: string): string => {
    const found = files.get(path);
    if (!found) throw new ZipFormatError(`not an IHE XDM package: no ${path}`);
    return found.toString('utf8');
  };
  const prefix = `${XDM_SUBSET_DIR}/`;
  const documents = new Map<string, Buffer>();
  for (const [path, bytes] of files) {
    if (path.startsWith(prefix) && path !== XDM_PATHS.metadata) {
      documents.set(path.slice(prefix.length), bytes);
    }
  }
  return {
    index: text(XDM_PATHS.index),
    readme: text(XDM_PATHS.readme),
    metadataXml: text(XDM_PATHS.metadata),
    documents,
  };
}
