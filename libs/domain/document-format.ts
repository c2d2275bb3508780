import { DomainError } from './domain-error';

/**
 * The file formats the DMP accepts for an unstructured document, as its web form
 * shows them (pdf, jpeg/jpg, txt, rtf, gif, tif/tiff), recognised by their
 * content: a renamed .docx must not slip through as a .pdf.
 */
export interface DocumentFormat {
  format: 'pdf' | 'jpeg' | 'txt' | 'rtf' | 'gif' | 'tiff';
  mediaType: string;
  extensions: readonly string[];
  label: string;
}

export const DOCUMENT_FORMATS: readonly DocumentFormat[] = [
  { format: 'pdf', mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  { format: 'jpeg', mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG image' },
  { format: 'txt', mediaType: 'text/plain', extensions: ['txt'], label: 'plain text' },
  { format: 'rtf', mediaType: 'text/rtf', extensions: ['rtf'], label: 'RTF' },
  { format: 'gif', mediaType: 'image/gif', extensions: ['gif'], label: 'GIF image' },
  { format: 'tiff', mediaType: 'image/tiff', extensions: ['tif', 'tiff'], label: 'TIFF image' },
];

/** 5 MB, the DMP form's limit. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;
export const MAX_DOCUMENT_COMMENT_LENGTH = 1000;
export const MAX_DOCUMENT_TITLE_LENGTH = 255;

const ACCEPTED_LIST = 'pdf, jpeg/jpg, txt, rtf, gif, tif/tiff';

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

const PDF = ascii('%PDF-');
const RTF = ascii('{\\rtf');
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const JPEG = [0xff, 0xd8, 0xff];
const TIFF_LE = [0x49, 0x49, 0x2a, 0x00];
const TIFF_BE = [0x4d, 0x4d, 0x00, 0x2a];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Plain text: no control characters but tab, line feed, form feed and carriage
 * return, in UTF-8 or in an 8-bit Windows encoding, and not markup (HTML/XML are
 * text but the DMP does not take them as text/plain).
 */
function isPlainText(bytes: Uint8Array): boolean {
  const start = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
  let firstVisible: number | undefined;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d) continue;
    if (b < 0x20 || b === 0x7f) return false;
    if (firstVisible === undefined && b !== 0x20) firstVisible = b;
  }
  return firstVisible !== undefined && firstVisible !== 0x3c; /* '<' */
}

/** PDF readers accept the header anywhere in the first kilobyte. */
function isPdf(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length - PDF.length, 1024);
  for (let offset = 0; offset <= limit; offset++) {
    if (startsWith(bytes, PDF, offset)) return true;
  }
  return false;
}

export function detectDocumentFormat(bytes: Uint8Array): DocumentFormat | undefined {
  const byFormat = (format: DocumentFormat['format']) =>
    DOCUMENT_FORMATS.find((f) => f.format === format);
  if (isPdf(bytes)) return byFormat('pdf');
  if (startsWith(bytes, JPEG)) return byFormat('jpeg');
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return byFormat('gif');
  if (startsWith(bytes, TIFF_LE) || startsWith(bytes, TIFF_BE)) return byFormat('tiff');
  if (startsWith(bytes, RTF)) return byFormat('rtf');
  if (isPlainText(bytes)) return byFormat('txt');
  return undefined;
}

function extensionOf(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined;
}

/**
 * Checks an uploaded file against what the DMP accepts, by content first, then
 * the name's extension (when there is one) must agree with the content.
 */
export function checkDocumentFile(
  fileName: string,
  bytes: Uint8Array,
  field = 'file',
): DocumentFormat {
  if (bytes.length === 0) {
    throw DomainError.invalid(field, 'the file is empty');
  }
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new DomainError(
      'too_large',
      `${field}: ${bytes.length} bytes is more than the 5 MB the DMP accepts`,
      [{ field, problem: `larger than ${MAX_DOCUMENT_BYTES} bytes (5 MB)` }],
    );
  }
  const format = detectDocumentFormat(bytes);
  if (!format) {
    throw new DomainError(
      'unsupported_media_type',
      `${field}: the content is not a format the DMP accepts (${ACCEPTED_LIST})`,
      [{ field, problem: `content is not one of ${ACCEPTED_LIST}` }],
    );
  }
  const extension = extensionOf(fileName);
  if (extension !== undefined && !format.extensions.includes(extension)) {
    const problem = `the content is ${format.label} but the name ends in .${extension}`;
    throw new DomainError('unsupported_media_type', `${field}: ${problem}`, [{ field, problem }]);
  }
  return format;
}
