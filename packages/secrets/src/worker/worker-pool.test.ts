import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FindingDraft } from '@rampart/core';
// The built package: worker threads run compiled JavaScript, which only exists in dist/.
import { createSecretsScanner } from '@rampart/secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksummedToken } from '../test-support/fake.js';
import { scanFolder } from '../test-support/run-scanner.js';

let dir: string;
const planted = Array.from({ length: 10 }, (_, i) => checksummedToken('ghp_', `pool-${i}`));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-pool-'));
  for (let d = 0; d < 10; d++) {
    await mkdir(join(dir, `pkg${d}`));
    for (let f = 0; f < 70; f++) {
      // The first file of each folder holds one planted token.
      const line = f === 0 ? `const t = "${planted[d]}";\n` : '';
      await writeFile(join(dir, `pkg${d}`, `file${f}.js`), `export const v = ${f};\n${line}`);
    }
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function scan(workers: number | 'auto'): Promise<FindingDraft[]> {
  const out = await scanFolder(createSecretsScanner(), dir, { secrets: { workers } });
  return out.sort((a, b) => JSON.stringify(a.location).localeCompare(JSON.stringify(b.location)));
}

describe('scanning on worker threads', () => {
  it('finds exactly what the main thread finds', async () => {
    const inline = await scan(0);
    expect(inline).toHaveLength(10);
    expect(await scan(2)).toEqual(inline);
    expect(await scan('auto')).toEqual(inline);
  });

  it('reports progress for every file', async () => {
    let done = 0;
    const progress = {
      setTotal() {},
      advance(n = 1) {
        done += n;
      },
    };
    await scanFolder(createSecretsScanner(), dir, { secrets: { workers: 2 }, progress });
    expect(done).toBe(
      (await readdir(dir, { recursive: true })).filter((p) => p.endsWith('.js')).length,
    );
  });
});
