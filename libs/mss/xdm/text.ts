/** Small text helpers shared by INDEX.HTM and README.TXT. */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text and attribute values for HTML. Control characters (other than tab and
 * line breaks) have no business in a name or a title and are dropped.
 */
export function escapeHtml(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
      .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
  );
}

/** One line of plain text: line breaks and control characters become spaces. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001F\u007F\u2028\u2029]+/g, ' ').trim();
}

/** "YYYYMMDD" as read from the identity (lunar dates such as 19421901 included) → "DD/MM/YYYY". */
export function frenchBirthDate(yyyymmdd: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : yyyymmdd;
}

const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** A moment as French readers expect it: "14/03/2025 10:30" (Paris time). */
export function parisDateTime(date: Date): string {
  const parts = PARIS.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

/** Lines joined with CRLF and ended by one: the text files of a package are read on Windows too. */
export const crlf = (lines: readonly string[]): string => `${lines.join('\r\n')}\r\n`;
