import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An AES-256 key with its id (the engine's payload keys: the first seals, all open). */
export interface SealingKey {
  id: string;
  key: Buffer;
}

const PREFIX = 'sealed:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Text kept encrypted at rest (AES-256-GCM), such as a Pro Santé Connect id
 * token: a copy of the database alone does not give it away. The first key
 * seals; every key opens what it sealed, so keys rotate like the payload keys.
 */
export class TextSealer {
  private readonly keys: Map<string, Buffer>;

  constructor(private readonly sealingKeys: readonly SealingKey[]) {
    if (sealingKeys.length === 0) throw new Error('TextSealer needs at least one key');
    this.keys = new Map(sealingKeys.map((k) => [k.id, k.key]));
  }

  seal(text: string): string {
    const { id, key } = this.sealingKeys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([
      iv,
      cipher.update(text, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `${PREFIX}:${id}:${data.toString('base64')}`;
  }

  /** The text, or undefined when it was sealed with a key this process does not hold (or tampered with). */
  open(sealed: string): string | undefined {
    const [prefix, version, id, data] = sealed.split(':');
    if (`${prefix}:${version}` !== PREFIX || !id || data === undefined) return undefined;
    const key = this.keys.get(id);
    if (!key) return undefined;
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
