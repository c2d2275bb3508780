import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dosDateTime, listZip, readZip, writeZip, ZipFormatError, type ZipEntry } from './zip';

const MODIFIED = new Date('2025-03-14T09:30:15Z');

const textEntries = (): ZipEntry[] => [
  { name: 'INDEX.HTM', data: Buffer.from('<html><body>Bonjour é à ü</body></html>\r\n') },
  { name: 'README.TXT', data: Buffer.from('x'.repeat(10_000)) },
  { name: 'IHE_XDM/SUBSET01/EMPTY.TXT', data: Buffer.alloc(0) },
  { name: 'IHE_XDM/SUBSET01/CHUNKS.XML', data: [Buffer.from('<a>'), Buffer.from('</a>')] },
];

function failure(run: () => unknown): ZipFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof ZipFormatError) return error;
    throw error;
  }
  throw new Error('expected a ZipFormatError');
}

describe('writeZip / readZip', () => {
  it.each([['store'], ['huffman'], [{ level: 1 }], [{ level: 9 }]] as const)(
    'gives back every file byte for byte (%j)',
    (compression) => {
      const entries = textEntries();
      const files = readZip(writeZip(entries, { modified: MODIFIED, compression }));
      expect([...files.keys()]).toEqual(entries.map((e) => e.name));
      for (const entry of entries) {
        const expected = Buffer.isBuffer(entry.data) ? entry.data : Buffer.concat([...entry.data]);
        expect(files.get(entry.name)!.equals(expected)).toBe(true);
      }
    },
  );

  it('round-trips 5 MB of random bytes, whole and in chunks', () => {
    const big = randomBytes(5 * 1024 * 1024);
    const chunks = [big.subarray(0, 1_000_003), big.subarray(1_000_003)];
    for (const compression of ['store', 'huffman', { level: 1 }] as const) {
      const zip = writeZip(
        [
          { name: 'WHOLE.BIN', data: big },
          { name: 'CHUNKS.BIN', data: chunks },
        ],
        { modified: MODIFIED, compression },
      );
      const files = readZip(zip);
      expect(files.get('WHOLE.BIN')!.equals(big)).toBe(true);
      expect(files.get('CHUNKS.BIN')!.equals(big)).toBe(true);
    }
  });

  it('deflates what compresses and stores what does not', () => {
    const zip = writeZip(
      [
        { name: 'TEXT.TXT', data: Buffer.from('abc'.repeat(1000)) },
        { name: 'RANDOM.BIN', data: randomBytes(1000) },
      ],
      { modified: MODIFIED, compression: { level: 6 } },
    );
    const [text, random] = listZip(zip);
    expect(text.method).toBe(8);
    expect(text.compressedSize).toBeLessThan(100);
    expect(random.method).toBe(0);
    expect(random.compressedSize).toBe(1000);
  });

  it('is deterministic: the same entries give the same bytes', () => {
    const big = randomBytes(300_000).toString('base64');
    const build = () =>
      writeZip([...textEntries(), { name: 'B64.TXT', data: Buffer.from(big) }], {
        modified: MODIFIED,
        compression: 'huffman',
      });
    expect(build().equals(build())).toBe(true);
  });

  it('writes the DOS date and time of the given moment, in the given time zone', () => {
    const utc = dosDateTime(MODIFIED);
    expect(utc.date).toBe(((2025 - 1980) << 9) | (3 << 5) | 14);
    expect(utc.time).toBe((9 << 11) | (30 << 5) | 7);
    // 10:30:15 in Paris (UTC+1 in March before the change).
    const paris = dosDateTime(MODIFIED, 'Europe/Paris');
    expect(paris.time).toBe((10 << 11) | (30 << 5) | 7);
    const [entry] = listZip(
      writeZip([{ name: 'A.TXT', data: Buffer.from('a') }], {
        modified: MODIFIED,
        timeZone: 'Europe/Paris',
      }),
    );
    expect({ date: entry.date, time: entry.time }).toEqual(paris);
    expect(dosDateTime(new Date('1970-01-01T00:00:00Z')).date).toBe(33);
  });

  it('flags non-ASCII names as UTF-8 and reads them back', () => {
    const zip = writeZip([{ name: 'Compte-rendu é.txt', data: Buffer.from('x') }], {
      modified: MODIFIED,
    });
    expect(zip.readUInt16LE(6) & 0x0800).toBe(0x0800);
    expect([...readZip(zip).keys()]).toEqual(['Compte-rendu é.txt']);
  });

  it('refuses a corrupted CRC', () => {
    const zip = writeZip([{ name: 'A.TXT', data: Buffer.from('hello, world') }], {
      modified: MODIFIED,
      compression: 'store',
    });
    // Flip one byte of the stored data: it no longer matches its CRC-32.
    const damaged = Buffer.from(zip);
    damaged[30 + 'A.TXT'.length + 3] ^= 0xff;
    expect(failure(() => readZip(damaged)).message).toMatch(/CRC-32/);
    // Or change the CRC itself, in the central directory the reader trusts.
    const [entry] = listZip(zip);
    const centralCrc = Buffer.from(zip);
    const centralAt = zip.length - 22 - (46 + 'A.TXT'.length);
    centralCrc.writeUInt32LE((entry.crc ^ 1) >>> 0, centralAt + 16);
    expect(failure(() => readZip(centralCrc)).message).toMatch(/CRC-32/);
  });

  it('refuses what is not a ZIP archive, or a truncated one', () => {
    expect(failure(() => readZip(Buffer.from('not a zip at all, just text'))).message).toMatch(
      /not a ZIP/,
    );
    const zip = writeZip(textEntries(), { modified: MODIFIED });
    expect(() => readZip(zip.subarray(0, zip.length - 1))).toThrow(ZipFormatError);
    expect(() => readZip(zip.subarray(40))).toThrow(ZipFormatError);
  });

  it('refuses names that are not relative file paths, and duplicates', () => {
    for (const name of ['', '/abs', '../up', 'a/../b', 'dir/', 'a\\b']) {
      expect(() => writeZip([{ name, data: Buffer.alloc(1) }], { modified: MODIFIED })).toThrow(
        ZipFormatError,
      );
    }
    expect(() =>
      writeZip(
        [
          { name: 'A', data: Buffer.alloc(1) },
          { name: 'A', data: Buffer.alloc(1) },
        ],
        { modified: MODIFIED },
      ),
    ).toThrow(/twice/);
    expect(() =>
      writeZip([{ name: 'A', data: Buffer.alloc(1) }], {
        modified: MODIFIED,
        compression: { level: 12 },
      }),
    ).toThrow(/level/);
  });
});

/** A standard tool that tests an archive (CRC of every entry) and lists it, when installed. */
function standardTool(): { name: string; test: (file: string) => string } | undefined {
  const has = (command: string, args: string[]) => spawnSync(command, args).status === 0;
  if (has('unzip', ['-v'])) {
    return {
      name: 'unzip',
      test: (file) =>
        execFileSync('unzip', ['-t', file], { encoding: 'utf8' }) +
        execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }),
    };
  }
  if (has('python3', ['-c', 'import zipfile'])) {
    return {
      name: 'python3 -m zipfile',
      test: (file) =>
        execFileSync('python3', ['-m', 'zipfile', '-t', file], { encoding: 'utf8' }) +
        execFileSync('python3', ['-m', 'zipfile', '-l', file], { encoding: 'utf8' }),
    };
  }
  return undefined;
}

const tool = standardTool();
(tool ? describe : describe.skip)(`a standard tool (${tool?.name ?? 'none installed'})`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zip-spec-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([['store'], ['huffman'], [{ level: 6 }]] as const)(
    'tests and lists the archive (%j)',
    (compression) => {
      const file = join(dir, `archive-${JSON.stringify(compression).replace(/\W/g, '')}.zip`);
      writeFileSync(
        file,
        writeZip([...textEntries(), { name: 'RANDOM.BIN', data: randomBytes(100_000) }], {
          modified: MODIFIED,
          compression,
        }),
      );
      const output = tool!.test(file);
      for (const entry of textEntries()) expect(output).toContain(entry.name);
      expect(output).toContain('RANDOM.BIN');
      // execFileSync throws when the tool exits non-zero (a bad CRC, an unreadable archive).
      expect(output).not.toMatch(/bad CRC/i);
    },
  );
});
