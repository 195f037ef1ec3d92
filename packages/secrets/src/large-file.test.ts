import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS } from './detectors/index.js';
import { createSecretMatcher } from './engine/matcher.js';
import { scanLargeFile, scanTextForSecrets } from './secret-findings.js';
import { parseSecretsOptions } from './secrets-options.js';
import { checksummedToken } from './test-support/fake.js';

const matcher = createSecretMatcher(DETECTORS);
const options = parseSecretsOptions({}, undefined);
const tokens = [0, 1, 2, 3].map((i) => checksummedToken('ghp_', `large-${i}`));
let dir: string;
let file: string;
let text: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-large-'));
  file = join(dir, 'big.log');
  // ~600 lines of filler between tokens; chunks of 4 KiB with 1 KiB overlap in the test put
  // tokens on both sides of, and across, chunk boundaries. "é" makes UTF-8 boundaries split.
  const filler = (n: number) =>
    Array.from({ length: n }, (_, i) => `line ${i} café ${'x'.repeat(i % 40)}`).join('\n');
  text = [
    tokens[0],
    filler(37),
    `token=${tokens[1]}`,
    filler(151),
    tokens[2],
    filler(600),
    `end ${tokens[3]}`,
  ].join('\n');
  await writeFile(file, text);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function places(drafts: ReturnType<typeof scanLargeFile>) {
  return drafts.map(
    (d) =>
      d.location.kind === 'code' && [d.location.region.startLine, d.location.region.startColumn],
  );
}

describe('scanLargeFile', () => {
  it('finds every secret exactly once, at the same place as a whole-file scan, across chunk boundaries', () => {
    const whole = scanTextForSecrets('big.log', text, matcher, options);
    expect(whole).toHaveLength(4);
    for (const [chunk, overlap] of [
      [4096, 1024],
      [3000, 700],
      [1 << 20, 1024],
    ] as const) {
      expect(
        places(scanLargeFile(file, 'big.log', matcher, options, chunk, overlap)),
        `${chunk}/${overlap}`,
      ).toEqual(places(whole));
    }
  });
});
