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
 * Encrypts every payload before it reaches the Temporal server (AES-256-GCM):
 * workflow inputs, update arguments, query results and histories carry
 * pathway details that are health data. The first key encrypts; every listed
 * key decrypts, so keys can be rotated without breaking running pathways.
 * Search attributes are not payloads and stay clear: they hold opaque ids only.
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

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
      const key = this.keys.get(keyId);
      if (!key) throw new Error(`payload encrypted with unknown key "${keyId}"`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
