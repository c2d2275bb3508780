import { randomBytes } from 'node:crypto';
import { base64Chunks } from './base64-chunks';

describe('base64Chunks', () => {
  it.each([0, 1, 2, 3, 4, 299, 300, 301, 1000])(
    'encodes %i bytes in slices that join into the base64 of the whole',
    (length) => {
      const bytes = randomBytes(length);
      const chunks = base64Chunks(bytes, 30);
      expect(chunks).toHaveLength(Math.ceil(length / 30));
      expect(Buffer.concat(chunks).toString('latin1')).toBe(bytes.toString('base64'));
    },
  );

  it('accepts a plain Uint8Array view', () => {
    const backing = randomBytes(100);
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 10, 50);
    expect(Buffer.concat(base64Chunks(view, 9)).toString('latin1')).toBe(
      backing.subarray(10, 60).toString('base64'),
    );
  });

  it('refuses slices that are not whole groups of 3 bytes', () => {
    expect(() => base64Chunks(Buffer.from('abc'), 4)).toThrow(RangeError);
  });
});
