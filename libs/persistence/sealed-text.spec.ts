import { randomBytes } from 'node:crypto';
import { TextSealer } from './sealed-text';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('TextSealer', () => {
  it('seals so that the text is not in the result, and opens it again', () => {
    const sealer = new TextSealer([key('k1')]);
    const sealed = sealer.seal('eyJhbGciOi.secret.token');
    expect(sealed).toMatch(/^sealed:v1:k1:/);
    expect(sealed).not.toContain('eyJ');
    expect(sealer.open(sealed)).toBe('eyJhbGciOi.secret.token');
    // A fresh IV each time: the same text never seals the same.
    expect(sealer.seal('x')).not.toBe(sealer.seal('x'));
  });

  it('opens with an older key after rotation, and gives up on unknown keys and tampering', () => {
    const old = key('k1');
    const sealed = new TextSealer([old]).seal('token');
    expect(new TextSealer([key('k2'), old]).open(sealed)).toBe('token');
    expect(new TextSealer([key('k2')]).open(sealed)).toBeUndefined();
    const bytes = Buffer.from(sealed.split(':')[3], 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(new TextSealer([old]).open(`sealed:v1:k1:${bytes.toString('base64')}`)).toBeUndefined();
    expect(new TextSealer([old]).open('plain text')).toBeUndefined();
  });
});
