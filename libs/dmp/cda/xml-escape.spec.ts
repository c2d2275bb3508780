import { DmpError } from '../errors';
import { xmlAttr, xmlText } from './xml-escape';

describe('XML escaping', () => {
  it('escapes markup in text and attributes', () => {
    expect(xmlText('a < b & c > d "e"', 'f')).toBe('a &lt; b &amp; c &gt; d "e"');
    expect(xmlAttr('a<"b">&\tc\nd\re', 'f')).toBe('a&lt;&quot;b&quot;&gt;&amp;&#9;c&#10;d&#13;e');
  });

  it('keeps letters beyond ASCII, including astral ones', () => {
    expect(xmlText('Élise 😀 Ñ', 'f')).toBe('Élise 😀 Ñ');
  });

  it.each(['\u0000', '\u001b', '\ufffe', '\ud800', 'x\udc00'])(
    'refuses %j, which XML cannot carry',
    (bad) => {
      expect(() => xmlText(`a${bad}`, 'title')).toThrow(DmpError);
      expect(() => xmlAttr(`a${bad}`, 'title')).toThrow(/title contains the character U\+/);
    },
  );
});
