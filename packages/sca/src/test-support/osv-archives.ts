import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';

/** A minimal OSV record for tests. */
export function osvRecord(
  id: string,
  fields: { modified?: string; ecosystem?: string; name?: string; [key: string]: unknown } = {},
): Record<string, unknown> {
  const {
    modified = '2024-01-01T00:00:00Z',
    ecosystem = 'npm',
    name = 'left-pad',
    ...rest
  } = fields;
  return {
    schema_version: '1.6.0',
    id,
    modified,
    affected: [
      {
        package: { ecosystem, name },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }],
      },
    ],
    ...rest,
  };
}

/** Writes `<dir>/<ecosystem>/all.zip` holding the records (or raw texts) as `<id>.json`. */
export function writeOsvArchive(
  dir: string,
  ecosystem: string,
  records: readonly (Record<string, unknown> | { name: string; text: string })[],
): string {
  const files: Record<string, Uint8Array> = {};
  for (const r of records) {
    if ('text' in r && typeof r.text === 'string') files[String(r.name)] = strToU8(r.text);
    else files[`${String((r as Record<string, unknown>).id)}.json`] = strToU8(JSON.stringify(r));
  }
  mkdirSync(join(dir, ecosystem), { recursive: true });
  const path = join(dir, ecosystem, 'all.zip');
  writeFileSync(path, zipSync(files));
  return path;
}
