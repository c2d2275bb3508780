/**
 * Text as the PDF's built-in fonts can print it. pdfkit's standard fonts
 * (Helvetica) encode text in WinAnsi (Windows-1252): Latin-1 (é, è, à, ç, «, »)
 * plus a few typographic signs (’, “, ”, –, —, …, €, œ). Any other character
 * would come out as a wrong glyph, so it is replaced here by its nearest
 * WinAnsi spelling, or `?`.
 */

/** The characters Windows-1252 adds in 0x80–0x9F. */
const WIN_ANSI_EXTRA = new Set(
  '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'.split('').map((c) => c.codePointAt(0) as number),
);

const SPELLINGS: Readonly<Record<string, string>> = {
  '\u202f': ' ', // narrow no-break space (Intl's French thousands separator)
  '\u2009': ' ', // thin space
  '\u2007': ' ', // figure space
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2011': '-', // non-breaking hyphen
  '\u2010': '-',
  '\u2212': '-', // minus sign
  '\u2192': '->',
  '\u2190': '<-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u2022': '•',
  '\u2713': 'oui',
};

function printable(code: number): boolean {
  if (code === 0x0a) return true;
  if (code >= 0x20 && code <= 0x7e) return true;
  if (code >= 0xa0 && code <= 0xff) return true;
  return WIN_ANSI_EXTRA.has(code);
}

/** `text` with every character the standard PDF fonts cannot print replaced. */
export function winAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0) as number;
    if (printable(code)) out += char;
    else if (code === 0x09 || code === 0x0d) out += code === 0x09 ? ' ' : '';
    else if (SPELLINGS[char] !== undefined) out += SPELLINGS[char];
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue;
    else out += '?';
  }
  return out;
}
