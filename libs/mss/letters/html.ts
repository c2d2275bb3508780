/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** YYYY-MM-DD → DD/MM/YYYY, as French readers expect; anything else is left as is. */
export function frenchDate(isoDay: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDay);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : isoDay;
}

/** A plain letter rendered twice: text lines and the same lines as simple HTML. */
export interface Letter {
  subject: string;
  text: string;
  html: string;
}

/** One line of a letter: a paragraph, or a label with its value (shown as a table row in HTML). */
export type LetterLine = { paragraph: string } | { label: string; value: string };

export function renderLetter(
  subject: string,
  greeting: string,
  lines: LetterLine[],
  closing: string[],
): Letter {
  const text = [
    greeting,
    '',
    ...lines.map((line) =>
      'paragraph' in line ? `${line.paragraph}\n` : `${line.label} : ${line.value}`,
    ),
    '',
    ...closing,
    '',
  ].join('\n');
  const rows: string[] = [];
  const html: string[] = [`<p>${escapeHtml(greeting)}</p>`];
  const flushRows = () => {
    if (rows.length > 0) html.push(`<table>${rows.splice(0).join('')}</table>`);
  };
  for (const line of lines) {
    if ('paragraph' in line) {
      flushRows();
      html.push(`<p>${escapeHtml(line.paragraph)}</p>`);
    } else {
      rows.push(
        `<tr><th style="text-align:left;padding-right:1em">${escapeHtml(line.label)}</th><td>${escapeHtml(line.value)}</td></tr>`,
      );
    }
  }
  flushRows();
  html.push(`<p>${closing.map(escapeHtml).join('<br>')}</p>`);
  return {
    subject,
    text,
    html: `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${html.join('')}</body></html>`,
  };
}
