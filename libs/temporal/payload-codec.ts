import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export interface CodecKey {
  id: string;
  key: Buffer;
}

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * What a payload the codec cannot read decodes to: an encoding no payload
 * converter knows, and no data. Converting it fails with "Unknown encoding: …"
 * (one of these names) where the value is used, so that an update is rejected
 * by the workflow (its arguments are converted before the validator runs), a
 * query fails, and a signal, buffered without a handler, is never read.
 * Throwing in the codec instead would fail the whole workflow task outside the
 * sandbox, again at every retry: an update would hang instead of being
 * refused, and a signal, kept in history, would block its pathway for good.
 */
export const REFUSED_ENCODINGS = {
  /** Written by someone without the codec (a client, the `temporal` CLI). */
  unencrypted: 'binary/refused-unencrypted-payload',
  /** Encrypted with a key that is not configured (removed too early?), or a forged key id. */
  unknownKey: 'binary/refused-payload-of-unknown-key',
  /** Says it is encrypted but does not authenticate: tampered with, or forged. */
  notAuthentic: 'binary/refused-unauthentic-payload',
} as const;

/**
 * Encrypts every payload before it reaches the Temporal server (AES-256-GCM):
 * workflow inputs, update arguments, query results and histories carry
 * pathway details that are health data. The first key encrypts; every listed
 * key decrypts, so keys can be rotated without breaking running pathways.
 * Search attributes are not payloads and stay clear: they hold opaque ids only.
 * Payloads it cannot decrypt are refused (see REFUSED_ENCODINGS);
 * failure messages and stack traces travel as payloads too (failure-converter).
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;
  private readonly current: CodecKey;

  constructor(keys: readonly CodecKey[]) {
    if (keys.length === 0) throw new Error('AesGcmPayloadCodec needs at least one key');
    for (const { id, key } of keys) {
      if (key.length !== 32) throw new Error(`payload key ${id} must be 32 bytes (AES-256)`);
    }
    this.current = keys[0];
    this.keys = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: Buffer.from(ENCODING),
          [KEY_ID]: Buffer.from(this.current.id),
        },
        data,
      };
    });
  }

  /**
   * Decrypts our payloads; anything else is refused, never obeyed, and its
   * content dropped so that no error message can echo it (see
   * REFUSED_ENCODINGS). What Temporal itself writes in clear never comes here:
   * the SDK does not pass search attributes and headers to the codec, and its
   * core reads the patch markers it writes.
   */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) {
        return refused(REFUSED_ENCODINGS.unencrypted);
      }
      const keyId = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
      const key = this.keys.get(keyId);
      if (!key) return refused(REFUSED_ENCODINGS.unknownKey);
      const plain = decrypt(key, Buffer.from(payload.data ?? []));
      if (!plain) return refused(REFUSED_ENCODINGS.notAuthentic);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** AES-256-GCM: IV, ciphertext, tag. Undefined when the data is not what the key sealed. */
function decrypt(key: Buffer, data: Buffer): Buffer | undefined {
  if (data.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    return undefined;
  }
}

function refused(encoding: string): Payload {
  return { metadata: { encoding: Buffer.from(encoding) } };
}
