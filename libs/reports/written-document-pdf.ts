import { frenchDay } from './format';
import { contentWidth, keyValues, pdfBuffer, reportDocument, title } from './report-document';
import { winAnsi } from './text';

/** What the PDF rendering of a document written online shows above its text. */
export interface WrittenDocumentPdfInput {
  /** The document's title, as typed. */
  title: string;
  /** e.g. "Bilan initial" or "Compte rendu". */
  kindLabel: string;
  /** YYYY-MM-DD, the date written on the document. */
  documentDate: string;
  author: { name: string; profession: string; structureName?: string };
  patient: { name: string; birthDate: string };
  /** The text as stored (CRLF line breaks). */
  text: string;
}

/**
 * A readable rendering of a document typed online, for the médecin traitant's
 * mail client: the DMP and the XDM carry the text itself (a text/plain CDA),
 * but a mail reader shows a PDF anywhere. The text keeps its line breaks;
 * characters the built-in fonts cannot print become their nearest spelling
 * (see text.ts): the CDA keeps every character.
 */
export function writtenDocumentPdf(input: WrittenDocumentPdfInput): Promise<Buffer> {
  const doc = reportDocument({
    title: input.title,
    subject: input.kindLabel,
    footer: `${input.kindLabel} — ${input.patient.name} — rédigé en ligne par ${input.author.name}`,
  });
  title(doc, input.title, input.kindLabel);
  keyValues(doc, [
    ['Date du document', frenchDay(input.documentDate)],
    ['Patient', `${input.patient.name}, né(e) le ${frenchDay(input.patient.birthDate)}`],
    [
      'Auteur',
      [input.author.name, input.author.profession, input.author.structureName]
        .filter(Boolean)
        .join(', '),
    ],
  ]);
  doc.moveDown(0.5);
  const width = contentWidth(doc);
  doc.font('Helvetica').fontSize(10.5).fillColor('#111111');
  for (const line of input.text.split(/\r\n|\n/)) {
    doc.x = doc.page.margins.left;
    // An empty line still takes its height: paragraphs stay apart as typed.
    doc.text(winAnsi(line) || ' ', { width, lineGap: 2 });
  }
  return pdfBuffer(doc);
}
