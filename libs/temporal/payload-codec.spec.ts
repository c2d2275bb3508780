import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './payload-codec';

describe('AesGcmPayloadCodec', () => {
  const k1 = { id: 'k1', key: randomBytes(32) };
  const k2 = { id: 'k2', key: randomBytes(32) };
  const payload = defaultPayloadConverter.toPayload({
    title: 'Bilan orthophonique',
    patientId: 'p-1',
  });

  it('round-trips a payload and hides its content from the server', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const [encoded] = await codec.encode([payload]);
    expect(Buffer.from(encoded.data!).toString('latin1')).not.toContain('Bilan');
    expect(Buffer.from(encoded.metadata!.encoding).toString()).toBe('binary/encrypted');
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({
      title: 'Bilan orthophonique',
      patientId: 'p-1',
    });
  });

  it('still reads payloads written with an older key after rotation', async () => {
    const [old] = await new AesGcmPayloadCodec([k1]).encode([payload]);
    const rotated = new AesGcmPayloadCodec([k2, k1]);
    const [decoded] = await rotated.decode([old]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual({
      title: 'Bilan orthophonique',
      patientId: 'p-1',
    });
    const [fresh] = await rotated.encode([payload]);
    expect(Buffer.from(fresh.metadata!['encryption-key-id']).toString()).toBe('k2');
  });

  it('refuses a tampered payload and an unknown key', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const [encoded] = await codec.encode([payload]);
    const data = Buffer.from(encoded.data!);
    data[20] ^= 0x01;
    const tampered = { ...encoded, data };
    await expect(codec.decode([tampered])).rejects.toThrow();
    await expect(new AesGcmPayloadCodec([k2]).decode([encoded])).rejects.toThrow(
      /unknown key "k1"/,
    );
  });

  it('leaves unencrypted payloads alone', async () => {
    const [decoded] = await new AesGcmPayloadCodec([k1]).decode([payload]);
    expect(decoded).toBe(payload);
  });
});
