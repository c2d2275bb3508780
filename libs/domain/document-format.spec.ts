import { DomainError } from './domain-error';
import { MAX_DOCUMENT_BYTES, checkDocumentFile, detectDocumentFormat } from './document-format';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

describe('detectDocumentFormat', () => {
  it.each([
    ['pdf', bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj')],
    ['pdf', bytes('\n\n%PDF-1.4\n')],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF')],
    ['gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['gif', bytes('GIF87a', [1, 0, 1, 0])],
    ['tiff', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])],
    ['tiff', bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])],
    ['rtf', bytes('{\\rtf1\\ansi Bilan}')],
    ['txt', bytes('Bilan orthophonique initial\r\nPatient vu le 3 mars.\n')],
    ['txt', Buffer.from('\ufeffCompte-rendu : rééducation terminée.', 'utf8')],
    ['txt', bytes('Compte-rendu en Windows-1252 : r\xe9\xe9ducation termin\xe9e')],
  ])('recognises %s by its content', (format, content) => {
    expect(detectDocumentFormat(content)?.format).toBe(format);
  });

  it.each([
    ['a Word document (zip)', bytes('PK', [3, 4, 20, 0, 6, 0])],
    ['a PNG image', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a])],
    ['an HTML page', bytes('  <!DOCTYPE html><html></html>')],
    ['an XML file', bytes('<?xml version="1.0"?><ClinicalDocument/>')],
    ['binary data', bytes([0x00, 0x01, 0x02, 0x03])],
    ['only blanks', bytes('   \n\t ')],
  ])('refuses %s', (_label, content) => {
    expect(detectDocumentFormat(content)).toBeUndefined();
  });
});

describe('checkDocumentFile', () => {
  const pdf = bytes('%PDF-1.7\n');

  it('accepts a file whose name agrees with its content, whatever the case', () => {
    expect(checkDocumentFile('Bilan.PDF', pdf).mediaType).toBe('application/pdf');
    expect(checkDocumentFile('scan.jpg', bytes([0xff, 0xd8, 0xff, 0xdb])).format).toBe('jpeg');
    expect(checkDocumentFile('scan.tif', bytes([0x49, 0x49, 0x2a, 0x00])).format).toBe('tiff');
  });

  it('accepts a file without extension when its content is accepted', () => {
    expect(checkDocumentFile('bilan', pdf).format).toBe('pdf');
  });

  it('refuses a Word document renamed .pdf, naming the field', () => {
    const error = catchError(() => checkDocumentFile('bilan.pdf', bytes('PK', [3, 4])));
    expect(error.code).toBe('unsupported_media_type');
    expect(error.problems[0].field).toBe('file');
  });

  it('refuses a name that disagrees with the content', () => {
    const error = catchError(() => checkDocumentFile('bilan.pdf', bytes('plain words')));
    expect(error.code).toBe('unsupported_media_type');
    expect(error.message).toContain('plain text but the name ends in .pdf');
  });

  it('refuses a text file under a non-text extension such as .csv', () => {
    expect(catchError(() => checkDocumentFile('notes.csv', bytes('a;b'))).code).toBe(
      'unsupported_media_type',
    );
  });

  it('takes exactly 5 MB and refuses one byte more', () => {
    const atLimit = Buffer.alloc(MAX_DOCUMENT_BYTES, 0x20);
    atLimit.write('%PDF-1.7', 0, 'latin1');
    expect(checkDocumentFile('big.pdf', atLimit).format).toBe('pdf');
    const overLimit = Buffer.concat([atLimit, Buffer.from(' ')]);
    expect(catchError(() => checkDocumentFile('big.pdf', overLimit)).code).toBe('too_large');
  });

  it('refuses an empty file', () => {
    expect(catchError(() => checkDocumentFile('empty.txt', Buffer.alloc(0))).code).toBe('invalid');
  });
});

function catchError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}
