import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A minimal ZIP (PKWARE APPNOTE 6.3) writer and reader: what an IHE XDM
 * package needs and nothing more. No ZIP64 (every size and offset below
 * 4 GiB, at most 65 535 entries), no encryption, no directory entries, no
 * data descriptors: each local header already holds the sizes and CRC-32, so
 * the archive is written in one pass from in-memory data.
 *
 * The writer is deterministic: the same entries and options give the same
 * bytes (no clock, no random field). See `ZipCompression` for what that
 * takes on the deflate side.
 */

/**
 * How an entry is compressed.
 * - 'store': method 0, no compression.
 * - 'huffman': deflate with Huffman coding only (zlib Z_HUFFMAN_ONLY). No
 *   LZ77 match search, so it is several times faster than level 1, and its
 *   output depends on zlib's tree building alone, not on the CPU-specific
 *   match finders of Node's zlib: the same bytes on every worker.
 * - { level }: deflate at a zlib level, 1 (fastest) to 9 (smallest).
 * A deflated entry that would not be smaller than its data is stored instead.
 */
export type ZipCompression = 'store' | 'huffman' | { level: number };

export interface ZipEntry {
  /** Path inside the archive, "/"-separated, relative (no leading "/", no ".." segment). */
  name: string;
  /** The content, whole or as the chunks it was written in (a CDA is). */
  data: Buffer | readonly Buffer[];
  /** Overrides the archive's default compression for this entry. */
  compression?: ZipCompression;
}

export interface ZipOptions {
  /** The modification time written for every entry (DOS date/time, 2-second precision). */
  modified: Date;
  /**
   * The time zone the DOS time is expressed in (ZIP stores a wall-clock time,
   * no zone). 'UTC' by default; an archive for French readers may say
   * 'Europe/Paris'.
   */
  timeZone?: string;
  /** Default for entries that do not say; { level: 6 } (zlib's default) when absent. */
  compression?: ZipCompression;
}

/** A malformed, unsupported or corrupted archive, or entries that cannot be written. */
export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const SIGNATURE = {
  localHeader: 0x04034b50,
  centralHeader: 0x02014b50,
  endOfCentralDirectory: 0x06054b50,
} as const;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_RECORD_SIZE = 22;
const METHOD = { store: 0, deflate: 8 } as const;
const FLAG = { encrypted: 0x0001, utf8: 0x0800 } as const;
/** "Version made by": Unix (3) so that extracting tools apply the mode below; spec 2.0. */
const MADE_BY = (3 << 8) | 20;
/** A regular file, rw-r--r--, in the high half of the external attributes (Unix). */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

// ---------------------------------------------------------------------------
// DOS date and time

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClock(date: Date, timeZone: string): number[] {
  if (timeZone === 'UTC') {
    return [
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
    ];
  }
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return [part('year'), part('month'), part('day'), part('hour'), part('minute'), part('second')];
}

/**
 * The MS-DOS date and time fields of a moment, as seen in `timeZone`. DOS
 * dates run from 1980 to 2107 (clamped) and times have a 2-second step.
 */
export function dosDateTime(date: Date, timeZone = 'UTC'): { date: number; time: number } {
  if (Number.isNaN(date.getTime())) throw new ZipFormatError('invalid modification date');
  const [year, month, day, hour, minute, second] = wallClock(date, timeZone) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1980) return { date: (1 << 5) | 1, time: 0 };
  if (year > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
  return {
    date: ((year - 1980) << 9) | (month << 5) | day,
    time: (hour << 11) | (minute << 5) | (second >> 1),
  };
}

// ---------------------------------------------------------------------------
// Writing

function checkName(name: string, seen: Set<string>): Buffer {
  if (
    !name ||
    name.startsWith('/') ||
    name.endsWith('/') ||
    name.includes('\\') ||
    name.includes('\0') ||
    name.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')
  ) {
    throw new ZipFormatError(`"${name}" is not a relative file path`);
  }
  if (seen.has(name)) throw new ZipFormatError(`"${name}" is in the archive twice`);
  seen.add(name);
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > MAX_16) throw new ZipFormatError(`"${name.slice(0, 40)}…" is too long`);
  return bytes;
}

function checkCompression(compression: ZipCompression): void {
  if (typeof compression === 'object') {
    const { level } = compression;
    if (!Number.isInteger(level) || level < 1 || level > 9) {
      throw new ZipFormatError(`deflate level ${level} is not an integer from 1 to 9`);
    }
  }
}

interface Compressed {
  method: number;
  /** The bytes as written, in pieces (stored chunks are not copied). */
  pieces: readonly Buffer[];
  compressedSize: number;
  size: number;
  crc: number;
}

function compress(data: Buffer | readonly Buffer[], compression: ZipCompression): Compressed {
  const chunks: readonly Buffer[] = Buffer.isBuffer(data) ? [data] : data;
  let crc = 0;
  let size = 0;
  for (const chunk of chunks) {
    crc = crc32(chunk, crc);
    size += chunk.length;
  }
  const stored: Compressed = {
    method: METHOD.store,
    pieces: chunks,
    compressedSize: size,
    size,
    crc: crc >>> 0,
  };
  if (compression === 'store' || size === 0) return stored;
  const whole = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
  const deflated = deflateRawSync(
    whole,
    compression === 'huffman'
      ? { strategy: constants.Z_HUFFMAN_ONLY }
      : { level: compression.level },
  );
  if (deflated.length >= size) return stored;
  return { ...stored, method: METHOD.deflate, pieces: [deflated], compressedSize: deflated.length };
}

/** Writes a ZIP archive of these entries, in this order. */
export function writeZip(entries: readonly ZipEntry[], options: ZipOptions): Buffer {
  if (entries.length > MAX_16) throw new ZipFormatError(`${entries.length} entries (ZIP64 needed)`);
  const defaultCompression = options.compression ?? { level: 6 };
  checkCompression(defaultCompression);
  const { date, time } = dosDateTime(options.modified, options.timeZone);
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = checkName(entry.name, seen);
    const compression = entry.compression ?? defaultCompression;
    checkCompression(compression);
    const body = compress(entry.data, compression);
    if (body.size > MAX_32 || body.compressedSize > MAX_32 || offset > MAX_32) {
      throw new ZipFormatError(`"${entry.name}" does not fit in a ZIP without ZIP64`);
    }
    // Bit 11: the name is UTF-8. Set only when it matters, as most tools do.
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : FLAG.utf8;
    const versionNeeded = body.method === METHOD.deflate ? 20 : 10;

    const local = Buffer.alloc(LOCAL_HEADER_SIZE);
    local.writeUInt32LE(SIGNATURE.localHeader, 0);
    local.writeUInt16LE(versionNeeded, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(body.method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(body.crc, 14);
    local.writeUInt32LE(body.compressedSize, 18);
    local.writeUInt32LE(body.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const header = Buffer.alloc(CENTRAL_HEADER_SIZE);
    header.writeUInt32LE(SIGNATURE.centralHeader, 0);
    header.writeUInt16LE(MADE_BY, 4);
    header.writeUInt16LE(versionNeeded, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(body.method, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(body.crc, 16);
    header.writeUInt32LE(body.compressedSize, 20);
    header.writeUInt32LE(body.size, 24);
    header.writeUInt16LE(name.length, 28);
    // Extra field, comment, disk number start, internal attributes: all zero.
    header.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);

    parts.push(local, name, ...body.pieces);
    offset += LOCAL_HEADER_SIZE + name.length + body.compressedSize;
  }
  const centralSize = central.reduce((sum, part) => sum + part.length, 0);
  if (offset > MAX_32 || offset + centralSize > MAX_32) {
    throw new ZipFormatError('the archive does not fit in a ZIP without ZIP64');
  }
  const end = Buffer.alloc(END_RECORD_SIZE);
  end.writeUInt32LE(SIGNATURE.endOfCentralDirectory, 0);
  // Disk numbers: 0.
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  // No archive comment.
  parts.push(...central, end);
  return Buffer.concat(parts, offset + centralSize + END_RECORD_SIZE);
}

// ---------------------------------------------------------------------------
// Reading

/** One entry as the central directory describes it. */
export interface ZipEntryInfo {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
  /** The DOS date and time fields. */
  date: number;
  time: number;
}

function findEndRecord(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - END_RECORD_SIZE - MAX_16);
  for (let at = zip.length - END_RECORD_SIZE; at >= lowest; at--) {
    if (
      zip.readUInt32LE(at) === SIGNATURE.endOfCentralDirectory &&
      // The comment must run exactly to the end: a signature inside data does not.
      at + END_RECORD_SIZE + zip.readUInt16LE(at + 20) === zip.length
    ) {
      return at;
    }
  }
  throw new ZipFormatError('no end of central directory record: not a ZIP archive');
}

/** The central directory of an archive, checked for what this reader supports. */
export function listZip(zip: Buffer): ZipEntryInfo[] {
  if (zip.length < END_RECORD_SIZE) throw new ZipFormatError('too short to be a ZIP archive');
  const end = findEndRecord(zip);
  const disk = zip.readUInt16LE(end + 4);
  const centralDisk = zip.readUInt16LE(end + 6);
  const onDisk = zip.readUInt16LE(end + 8);
  const count = zip.readUInt16LE(end + 10);
  const centralSize = zip.readUInt32LE(end + 12);
  const centralOffset = zip.readUInt32LE(end + 16);
  if (disk !== 0 || centralDisk !== 0 || onDisk !== count) {
    throw new ZipFormatError('multi-volume archives are not supported');
  }
  if (count === MAX_16 || centralSize === MAX_32 || centralOffset === MAX_32) {
    throw new ZipFormatError('ZIP64 archives are not supported');
  }
  if (centralOffset + centralSize > end) {
    throw new ZipFormatError('the central directory runs past its end record');
  }
  const entries: ZipEntryInfo[] = [];
  const names = new Set<string>();
  let at = centralOffset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_HEADER_SIZE > end || zip.readUInt32LE(at) !== SIGNATURE.centralHeader) {
      throw new ZipFormatError(`central directory entry ${i + 1} is damaged`);
    }
    const flags = zip.readUInt16LE(at + 8);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const next = at + CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
    if (next > end) throw new ZipFormatError(`central directory entry ${i + 1} is damaged`);
    // Without the UTF-8 flag the name is CP437; latin1 reads its ASCII part alike.
    const name = zip.toString(
      flags & FLAG.utf8 ? 'utf8' : 'latin1',
      at + CENTRAL_HEADER_SIZE,
      at + CENTRAL_HEADER_SIZE + nameLength,
    );
    if (flags & FLAG.encrypted) throw new ZipFormatError(`"${name}" is encrypted`);
    if (names.has(name)) throw new ZipFormatError(`"${name}" is in the archive twice`);
    names.add(name);
    const info: ZipEntryInfo = {
      name,
      method: zip.readUInt16LE(at + 10),
      time: zip.readUInt16LE(at + 12),
      date: zip.readUInt16LE(at + 14),
      crc: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    };
    if (info.compressedSize === MAX_32 || info.size === MAX_32 || info.offset === MAX_32) {
      throw new ZipFormatError(`"${name}" needs ZIP64, which is not supported`);
    }
    entries.push(info);
    at = next;
  }
  return entries;
}

function entryData(zip: Buffer, entry: ZipEntryInfo): Buffer {
  const at = entry.offset;
  if (at + LOCAL_HEADER_SIZE > zip.length || zip.readUInt32LE(at) !== SIGNATURE.localHeader) {
    throw new ZipFormatError(`the local header of "${entry.name}" is missing`);
  }
  // The local extra field may differ from the central one: its own length counts.
  const start = at + LOCAL_HEADER_SIZE + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const stop = start + entry.compressedSize;
  if (stop > zip.length) throw new ZipFormatError(`"${entry.name}" runs past the archive's end`);
  const raw = zip.subarray(start, stop);
  let data: Buffer;
  if (entry.method === METHOD.store) {
    if (entry.compressedSize !== entry.size) {
      throw new ZipFormatError(`"${entry.name}" is stored but its two sizes differ`);
    }
    data = Buffer.from(raw);
  } else if (entry.method === METHOD.deflate) {
    try {
      // The declared size bounds the output: a forged archive cannot inflate without limit.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      throw new ZipFormatError(
        `"${entry.name}" does not inflate: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  } else {
    throw new ZipFormatError(`"${entry.name}" uses compression method ${entry.method}`);
  }
  if (data.length !== entry.size) {
    throw new ZipFormatError(`"${entry.name}" has ${data.length} bytes, ${entry.size} declared`);
  }
  if (crc32(data) >>> 0 !== entry.crc) {
    throw new ZipFormatError(`"${entry.name}" fails its CRC-32 check: the archive is corrupted`);
  }
  return data;
}

/**
 * Every file of an archive by its path, in the central directory's order,
 * inflated and checked against its CRC-32. Refuses (ZipFormatError) a
 * damaged, encrypted, multi-volume or ZIP64 archive. Directory entries
 * (names ending in "/") are skipped.
 */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of listZip(zip)) {
    if (entry.name.endsWith('/') && entry.size === 0) continue;
    files.set(entry.name, entryData(zip, entry));
  }
  return files;
}
