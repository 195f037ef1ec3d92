import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

// Test support only: OSV archives written by hand (a stored, uncompressed zip is a few
// headers around each file), laid out as osv.dev publishes them, for `updateDatabase`.

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** A zip archive (method 0, stored) of the files. */
export function storedZip(files: Readonly<Record<string, string>>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const entries = Object.entries(files);
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8');
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    // version, flags, method, time, date (1980-01-01), crc, sizes, name length, extra length
    const common = [u16(20), u16(0), u16(0), u16(0), u16(0x21), u32(crc), u32(data.length)];
    const local = Buffer.concat([
      u32(0x04034b50),
      ...common,
      u32(data.length),
      u16(nameBytes.length),
      u16(0),
      nameBytes,
      data,
    ]);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(20),
        ...common,
        u32(data.length),
        u16(nameBytes.length),
        u16(0), // extra
        u16(0), // comment
        u16(0), // disk
        u16(0), // internal attributes
        u32(0), // external attributes
        u32(offset),
        nameBytes,
      ]),
    );
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(directory.length),
    u32(offset),
    u16(0),
  ]);
  return Buffer.concat([...locals, directory, end]);
}

/** An OSV advisory affecting `name` below `fixed` (SEMVER range), with a severity word. */
export function osvAdvisory(
  id: string,
  fields: {
    readonly ecosystem?: string;
    readonly name: string;
    readonly fixed: string;
    readonly published: string;
    readonly modified?: string;
    readonly severity?: string;
    readonly summary?: string;
    readonly aliases?: readonly string[];
  },
): Record<string, unknown> {
  return {
    schema_version: '1.6.0',
    id,
    modified: fields.modified ?? fields.published,
    published: fields.published,
    aliases: [...(fields.aliases ?? [])],
    summary: fields.summary ?? `${fields.name} is vulnerable (${id})`,
    affected: [
      {
        package: { ecosystem: fields.ecosystem ?? 'npm', name: fields.name },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: fields.fixed }] }],
      },
    ],
    database_specific: { severity: fields.severity ?? 'HIGH' },
  };
}

/** Writes `<dir>/<ecosystem>/all.zip` holding the advisories as `<id>.json`. */
export function writeOsvArchive(
  dir: string,
  ecosystem: string,
  advisories: readonly Record<string, unknown>[],
): void {
  const files: Record<string, string> = {};
  for (const a of advisories) files[`${String(a.id)}.json`] = JSON.stringify(a);
  mkdirSync(join(dir, ecosystem), { recursive: true });
  writeFileSync(join(dir, ecosystem, 'all.zip'), storedZip(files));
}
