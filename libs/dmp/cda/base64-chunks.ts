/**
 * Base64 of a large file without ever holding it as one string: each slice is
 * a whole number of 3-byte groups, so its base64 has no padding and the
 * slices' encodings simply follow one another. 768 KiB slices keep the
 * transient string small while leaving few chunks for the hash and the socket.
 */
export const BASE64_SLICE_BYTES = 3 * 256 * 1024;

export function base64Chunks(bytes: Uint8Array, sliceBytes = BASE64_SLICE_BYTES): Buffer[] {
  if (!Number.isInteger(sliceBytes) || sliceBytes <= 0 || sliceBytes % 3 !== 0) {
    throw new RangeError(`base64 slices must be a positive multiple of 3 bytes, not ${sliceBytes}`);
  }
  const source = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Buffer[] = [];
  for (let start = 0; start < source.length; start += sliceBytes) {
    const slice = source.subarray(start, start + sliceBytes);
    // Base64 is ASCII: latin1 copies the string's one-byte characters as they are.
    chunks.push(Buffer.from(slice.toString('base64'), 'latin1'));
  }
  return chunks;
}
