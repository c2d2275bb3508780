import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writtenDocumentPdf } from './written-document-pdf';

function textOf(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'written-pdf-'));
  try {
    writeFileSync(join(dir, 'd.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'd.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('writtenDocumentPdf', () => {
  it('shows the header and every line of the text, in order', async () => {
    const pdf = await writtenDocumentPdf({
      title: 'Compte rendu de fin de soins',
      kindLabel: 'Compte rendu',
      documentDate: '2026-11-20',
      author: { name: 'Anaïs ORTHO', profession: 'Orthophoniste', structureName: 'MSP du Port' },
      patient: { name: 'Élise TEST', birthDate: '2018-03-04' },
      text: 'Rééducation terminée.\r\n\r\nObjectifs atteints : articulation, fluence.\r\nSuivi : aucun.',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = textOf(pdf);
    for (const expected of [
      'Compte rendu de fin de soins',
      '20/11/2026',
      'Élise TEST, né(e) le 04/03/2018',
      'Anaïs ORTHO, Orthophoniste, MSP du Port',
      'Rééducation terminée.',
      'Objectifs atteints : articulation, fluence.',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text.indexOf('Rééducation')).toBeLessThan(text.indexOf('Suivi : aucun.'));
  });

  it('runs over several pages for a long text', async () => {
    const pdf = await writtenDocumentPdf({
      title: 'Bilan',
      kindLabel: 'Bilan initial',
      documentDate: '2026-11-20',
      author: { name: 'A', profession: 'Orthophoniste' },
      patient: { name: 'B', birthDate: '2018-03-04' },
      text: Array.from({ length: 300 }, (_, i) => `Ligne ${i + 1}`).join('\r\n'),
    });
    const text = textOf(pdf);
    expect(text).toContain('Ligne 300');
    expect(text).toMatch(/1 ?\/ ?[2-9]/);
  });
});
