import { DomainError } from './domain-error';
import {
  MAX_WRITTEN_DOCUMENT_LENGTH,
  writtenDocumentFileName,
  writtenDocumentText,
} from './written-document';

function problemOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('writtenDocumentText', () => {
  it('writes line breaks as CRLF and drops trailing blanks', () => {
    expect(writtenDocumentText('Bilan\nLigne 2\r\nLigne 3\rFin  \n\n')).toBe(
      'Bilan\r\nLigne 2\r\nLigne 3\r\nFin',
    );
  });

  it('keeps accents, tabs and characters beyond Latin-1', () => {
    const text = 'Rééducation\tœuvre 🙂 — fin';
    expect(writtenDocumentText(text)).toBe(text);
  });

  it('refuses an empty or blank text, naming the field', () => {
    for (const empty of ['', '   \n\t ', undefined]) {
      const problem = problemOf(() => writtenDocumentText(empty));
      expect(problem.code).toBe('invalid');
      expect(problem.problems[0].field).toBe('text');
    }
  });

  it('counts characters, not bytes or UTF-16 units, against the limit', () => {
    expect(writtenDocumentText('é'.repeat(MAX_WRITTEN_DOCUMENT_LENGTH))).toHaveLength(
      MAX_WRITTEN_DOCUMENT_LENGTH,
    );
    // A line break counts once even though it is stored as CRLF.
    expect(() =>
      writtenDocumentText(`${'a\n'.repeat(MAX_WRITTEN_DOCUMENT_LENGTH / 2 - 1)}ab`),
    ).not.toThrow();
    expect(() => writtenDocumentText('🙂'.repeat(MAX_WRITTEN_DOCUMENT_LENGTH))).not.toThrow();
    const problem = problemOf(() =>
      writtenDocumentText('a'.repeat(MAX_WRITTEN_DOCUMENT_LENGTH + 1)),
    );
    expect(problem.problems[0]).toEqual({
      field: 'text',
      problem: expect.stringContaining(`${MAX_WRITTEN_DOCUMENT_LENGTH + 1} characters`),
    });
  });

  it('refuses control characters', () => {
    expect(problemOf(() => writtenDocumentText('Bilan\u0000')).problems[0].problem).toContain(
      'U+0000',
    );
    expect(problemOf(() => writtenDocumentText('a\u000cb')).problems[0].problem).toContain(
      'U+000C',
    );
  });
});

describe('writtenDocumentFileName', () => {
  it('makes a plain file name of the title', () => {
    expect(writtenDocumentFileName('Compte rendu orthophonique de fin de soins')).toBe(
      'compte-rendu-orthophonique-de-fin-de-soins.txt',
    );
    expect(writtenDocumentFileName('Bilan « initial » — Élise')).toBe('bilan-initial-elise.txt');
    expect(writtenDocumentFileName('???')).toBe('document.txt');
  });
});
