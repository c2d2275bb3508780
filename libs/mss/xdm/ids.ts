import { createHash } from 'node:crypto';

/**
 * Registry object ids for a package that must come out byte-identical when
 * it is built again (a retried send): name-based UUIDs (RFC 9562 version 5
 * layout, SHA-1 of the seed and a counter), so the n-th id asked for is
 * always the same for the same seed. Ids are asked for in a fixed order by
 * the metadata writer.
 */
export function deterministicIds(seed: string): () => string {
  let counter = 0;
  return () => {
    const hash = createHash('sha1').update(`${seed}\u0000${counter++}`).digest();
    hash[6] = (hash[6] & 0x0f) | 0x50;
    hash[8] = (hash[8] & 0x3f) | 0x80;
    const hex = hash.toString('hex', 0, 16);
    return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
