import { MAX_BODY_DEPTH, hostileValueProblem, textProblem } from './hostile-input';

describe('hostile input', () => {
  it('takes ordinary text, accents, emoji, tabs and line ends', () => {
    expect(textProblem('Bilan orthophonique — Élodie 😀\n\tligne 2\r\n')).toBeUndefined();
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['escape', '\u001b[2J'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085'],
  ])('refuses %s in text', (_label, text) => {
    expect(textProblem(text)).toBe('must not contain control characters');
  });

  it('refuses lone surrogates, not pairs', () => {
    expect(textProblem('a\ud800b')).toBe('must be valid Unicode text');
    expect(textProblem('a\udc00')).toBe('must be valid Unicode text');
    expect(textProblem('\ud83d\ude00')).toBeUndefined();
  });

  it('names the field at fault, with its path', () => {
    expect(hostileValueProblem({ medecinTraitant: { name: 'Dr\u0000X' } }, 'body')).toEqual({
      field: 'medecinTraitant.name',
      problem: 'must not contain control characters',
    });
    expect(hostileValueProblem({ list: ['ok', 'b\u0001'] }, 'body')).toEqual({
      field: 'list[1]',
      problem: 'must not contain control characters',
    });
    expect(hostileValueProblem('a\u0000', 'id')).toEqual({
      field: 'id',
      problem: 'must not contain control characters',
    });
  });

  it('refuses keys that reach a prototype, and control characters in keys', () => {
    expect(hostileValueProblem(JSON.parse('{"__proto__": {"x": 1}}'), 'body')).toEqual({
      field: '__proto__',
      problem: 'is not a field of this API',
    });
    expect(hostileValueProblem({ a: { constructor: 1 } }, 'body')?.field).toBe('a.constructor');
    expect(hostileValueProblem({ 'n\u0000': 1 }, 'body')?.problem).toBe(
      'field names must not contain control characters',
    );
  });

  it(`takes ${MAX_BODY_DEPTH} levels, refuses more, and walks 100,000 levels without recursing`, () => {
    const nest = (levels: number) => {
      let value: unknown = 'leaf';
      for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
      return value;
    };
    expect(hostileValueProblem(nest(MAX_BODY_DEPTH), 'body')).toBeUndefined();
    expect(hostileValueProblem(nest(MAX_BODY_DEPTH + 1), 'body')).toEqual({
      field: 'body',
      problem: `must not nest deeper than ${MAX_BODY_DEPTH} levels`,
    });
    expect(hostileValueProblem(nest(100_000), 'body')?.field).toBe('body');
  });
});
