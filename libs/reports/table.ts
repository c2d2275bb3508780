import { winAnsi } from './text';

/**
 * Tables that run over pages: column widths from relative weights (pure,
 * unit-tested), rows as tall as their tallest cell, the header repeated at
 * the top of each new page.
 */

export interface TableColumn {
  header: string;
  /** Share of the width, relative to the other columns (1 by default). */
  weight?: number;
  align?: 'left' | 'right' | 'center';
}

/** Widths that fill `total`, in proportion to the weights, each at least `min`. */
export function columnWidths(columns: readonly TableColumn[], total: number, min = 24): number[] {
  const weights = columns.map((c) => Math.max(0, c.weight ?? 1));
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const raw = weights.map((w) => (w / sum) * total);
  const short = raw.filter((w) => w < min).length;
  if (short === 0 || short === raw.length) return raw;
  // Give the narrow ones their minimum and share what is left among the others.
  const rest = total - short * min;
  const wideSum = raw.filter((w) => w >= min).reduce((a, b) => a + b, 0);
  return raw.map((w) => (w < min ? min : (w / wideSum) * rest));
}

/** Where a row goes: on this page, or at the top of the next one (header first). */
export function rowPlacement(
  y: number,
  rowHeight: number,
  pageBottom: number,
): 'here' | 'next-page' {
  return y + rowHeight > pageBottom ? 'next-page' : 'here';
}

export interface TableOptions {
  fontSize?: number;
  padding?: number;
  /** Shade every other row. */
  zebra?: boolean;
}

export function drawTable(
  doc: PDFKit.PDFDocument,
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
  options: TableOptions = {},
): void {
  const fontSize = options.fontSize ?? 8;
  const padding = options.padding ?? 3;
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const widths = columnWidths(columns, width);
  const pageBottom = () => doc.page.height - doc.page.margins.bottom;

  const heightOf = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(fontSize);
    return (
      Math.max(
        ...cells.map((cell, i) =>
          doc.heightOfString(winAnsi(cell || ' '), { width: widths[i] - 2 * padding }),
        ),
      ) +
      2 * padding
    );
  };

  const drawRow = (cells: readonly string[], font: string, fill: string | null) => {
    const height = heightOf(cells, font);
    const top = doc.y;
    if (fill) doc.rect(left, top, width, height).fillColor(fill).fill();
    doc.font(font).fontSize(fontSize).fillColor('#222222');
    let x = left;
    cells.forEach((cell, i) => {
      doc.text(winAnsi(cell), x + padding, top + padding, {
        width: widths[i] - 2 * padding,
        align: columns[i]?.align ?? 'left',
      });
      x += widths[i];
    });
    doc
      .moveTo(left, top + height)
      .lineTo(left + width, top + height)
      .lineWidth(0.3)
      .strokeColor('#bbbbbb')
      .stroke();
    doc.x = left;
    doc.y = top + height;
  };

  const header = columns.map((c) => c.header);
  const drawHeader = () => drawRow(header, 'Helvetica-Bold', '#e8eef5');
  if (rowPlacement(doc.y, heightOf(header, 'Helvetica-Bold') * 2, pageBottom()) === 'next-page') {
    doc.addPage();
  }
  drawHeader();
  rows.forEach((cells, index) => {
    if (rowPlacement(doc.y, heightOf(cells, 'Helvetica'), pageBottom()) === 'next-page') {
      doc.addPage();
      drawHeader();
    }
    drawRow(cells, 'Helvetica', options.zebra !== false && index % 2 === 1 ? '#f6f6f6' : null);
  });
  doc.moveDown(0.5);
}
