import PDFDocument from 'pdfkit';
import { winAnsi } from './text';

/**
 * The frame every report of the engine shares: A4 portrait, Helvetica
 * (pdfkit's built-in font: no font file to ship), headings, paragraphs,
 * label–value lists, and a footer with the page number on every page.
 */

export interface ReportInfo {
  title: string;
  subject?: string;
  /** Printed at the bottom of every page, left of the page number. */
  footer: string;
}

export const PAGE_MARGINS = { top: 50, bottom: 55, left: 50, right: 50 } as const;

export function reportDocument(info: ReportInfo): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { ...PAGE_MARGINS },
    bufferPages: true,
    info: {
      Title: winAnsi(info.title),
      ...(info.subject ? { Subject: winAnsi(info.subject) } : {}),
      Creator: 'Accès direct — pathway engine',
      Producer: 'pdfkit',
    },
    lang: 'fr-FR',
  });
  doc.font('Helvetica').fontSize(10);
  footers.set(doc, info.footer);
  return doc;
}

const footers = new WeakMap<PDFKit.PDFDocument, string>();

export function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

export function title(doc: PDFKit.PDFDocument, text: string, subtitle?: string): void {
  doc.font('Helvetica-Bold').fontSize(17).fillColor('#12355b').text(winAnsi(text));
  if (subtitle) {
    doc.moveDown(0.2).font('Helvetica').fontSize(11).fillColor('#333333').text(winAnsi(subtitle));
  }
  doc.moveDown(0.8);
}

/** A section heading, on a new page when fewer than `keepWith` points remain below it. */
export function heading(doc: PDFKit.PDFDocument, text: string, keepWith = 80): void {
  if (doc.y + keepWith > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.x = doc.page.margins.left;
  doc
    .moveDown(0.4)
    .font('Helvetica-Bold')
    .fontSize(12.5)
    .fillColor('#12355b')
    .text(winAnsi(text), { width: contentWidth(doc) });
  doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor('#222222');
}

export function subheading(doc: PDFKit.PDFDocument, text: string): void {
  if (doc.y + 50 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.x = doc.page.margins.left;
  doc
    .moveDown(0.2)
    .font('Helvetica-Bold')
    .fontSize(10.5)
    .fillColor('#222222')
    .text(winAnsi(text), { width: contentWidth(doc) });
  doc.moveDown(0.15).font('Helvetica').fontSize(10);
}

export function paragraph(doc: PDFKit.PDFDocument, text: string, size = 9.5): void {
  doc.x = doc.page.margins.left;
  doc
    .font('Helvetica')
    .fontSize(size)
    .fillColor('#222222')
    .text(winAnsi(text), { width: contentWidth(doc), align: 'left', lineGap: 1.5 });
  doc.moveDown(0.4);
}

export function bullet(doc: PDFKit.PDFDocument, text: string, size = 9.5): void {
  doc.x = doc.page.margins.left;
  doc
    .font('Helvetica')
    .fontSize(size)
    .fillColor('#222222')
    .text(`•  ${winAnsi(text)}`, { width: contentWidth(doc), indent: 0, lineGap: 1 });
  doc.moveDown(0.15);
}

/** `label : value` lines, labels in a column of their own. */
export function keyValues(
  doc: PDFKit.PDFDocument,
  pairs: readonly (readonly [string, string])[],
  options: { labelWidth?: number; size?: number } = {},
): void {
  const labelWidth = options.labelWidth ?? 170;
  const size = options.size ?? 9.5;
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  for (const [label, value] of pairs) {
    doc.font('Helvetica-Bold').fontSize(size);
    const labelHeight = doc.heightOfString(winAnsi(label), { width: labelWidth - 6 });
    doc.font('Helvetica').fontSize(size);
    const valueHeight = doc.heightOfString(winAnsi(value || '—'), { width: width - labelWidth });
    const height = Math.max(labelHeight, valueHeight);
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    doc
      .font('Helvetica-Bold')
      .fillColor('#444444')
      .text(winAnsi(label), left, top, { width: labelWidth - 6 });
    doc
      .font('Helvetica')
      .fillColor('#222222')
      .text(winAnsi(value || '—'), left + labelWidth, top, { width: width - labelWidth });
    doc.x = left;
    doc.y = top + height + 2;
  }
  doc.moveDown(0.4);
}

/** Ends the document (footers on every page) and answers its bytes. */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const footer = footers.get(doc) ?? '';
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise open a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - PAGE_MARGINS.bottom + 20;
    doc
      .font('Helvetica')
      .fontSize(7.5)
      .fillColor('#777777')
      .text(winAnsi(footer), PAGE_MARGINS.left, y, {
        width: contentWidth(doc) - 60,
        lineBreak: false,
      })
      .text(`${i + 1 - range.start} / ${range.count}`, PAGE_MARGINS.left, y, {
        width: contentWidth(doc),
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
