import { randomBytes } from 'node:crypto';
import { type Payload, defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, REFUSED_ENCODINGS } from './payload-codec';

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

  /** What the workflow would see of a refused payload: converting it fails, naming why. */
  function conversionError(decoded: Payload): string {
    try {
      defaultPayloadConverter.fromPayload(decoded);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the refused payload converted');
  }

  it('refuses unencrypted payloads without echoing them: converting one fails', async () => {
    const [decoded] = await new AesGcmPayloadCodec([k1]).decode([payload]);
    expect(decoded.data ?? new Uint8Array()).toHaveLength(0);
    expect(JSON.stringify(decoded)).not.toContain('Bilan');
    expect(conversionError(decoded)).toBe(`Unknown encoding: ${REFUSED_ENCODINGS.unencrypted}`);
  });

  it('refuses payloads with no metadata, and leaves encrypted ones beside them readable', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const [encrypted] = await codec.encode([payload]);
    const bare = { data: Buffer.from('{"reason":"PAT-TROIS"}') };
    const [refused, readable] = await codec.decode([bare, encrypted]);
    expect(JSON.stringify(refused)).not.toContain('PAT-TROIS');
    expect(conversionError(refused)).toBe(`Unknown encoding: ${REFUSED_ENCODINGS.unencrypted}`);
    expect(defaultPayloadConverter.fromPayload(readable)).toEqual({
      title: 'Bilan orthophonique',
      patientId: 'p-1',
    });
  });

  it('refuses, without throwing, a tampered payload, a forged one and one of an unknown key', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const [encoded] = await codec.encode([payload]);
    const data = Buffer.from(encoded.data!);
    data[20] ^= 0x01;
    const tampered = { ...encoded, data };
    // What `temporal … --input-meta encoding=binary/encrypted` sends: JSON under our encoding.
    const forged = {
      metadata: {
        encoding: Buffer.from('binary/encrypted'),
        'encryption-key-id': Buffer.from('k1'),
      },
      data: Buffer.from('{"reason":"PAT-TROIS"}'),
    };
    const short = { ...forged, data: Buffer.from('x') };
    const decoded = await codec.decode([tampered, forged, short]);
    expect(decoded.map(conversionError)).toEqual([
      `Unknown encoding: ${REFUSED_ENCODINGS.notAuthentic}`,
      `Unknown encoding: ${REFUSED_ENCODINGS.notAuthentic}`,
      `Unknown encoding: ${REFUSED_ENCODINGS.notAuthentic}`,
    ]);
    expect(JSON.stringify(decoded)).not.toContain('PAT-TROIS');
    const [ofOldKey] = await new AesGcmPayloadCodec([k2]).decode([encoded]);
    expect(conversionError(ofOldKey)).toBe(`Unknown encoding: ${REFUSED_ENCODINGS.unknownKey}`);
  });
});
