import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeFinding } from '../test-support/findings.js';
import {
  applyBaseline,
  createBaseline,
  formatBaseline,
  parseBaseline,
  readBaseline,
} from './baseline.js';

describe('baseline', () => {
  const a = codeFinding({ fingerprint: 'aaa', ruleId: 'r1' });
  const b = codeFinding({
    fingerprint: 'bbb',
    ruleId: 'r2',
    location: {
      kind: 'code',
      path: 'lib/x.py',
      region: { startLine: 9, startColumn: 1, endLine: 9, endColumn: 2 },
    },
  });

  it('is deterministic whatever the order of findings', () => {
    expect(formatBaseline(createBaseline([a, b]))).toBe(formatBaseline(createBaseline([b, a])));
    expect(createBaseline([a, b]).findings.map((e) => e.location)).toEqual([
      'lib/x.py:9',
      'src/app.js:3',
    ]);
  });

  it('hides baseline findings and marks the rest new', () => {
    const c = codeFinding({ fingerprint: 'ccc' });
    const { fresh, hidden } = applyBaseline([a, b, c], createBaseline([a, b]));
    expect(hidden.map((f) => f.fingerprint)).toEqual(['aaa', 'bbb']);
    expect(fresh).toEqual([{ ...c, novelty: 'new' }]);
  });

  it('round-trips through its text form', () => {
    const base = createBaseline([a, b]);
    expect(parseBaseline(formatBaseline(base), 'b.json')).toEqual(base);
  });

  it('names the file, line and column of broken JSON', () => {
    expect(() => parseBaseline('{\n  "version": 1,\n  oops\n}', 'base.json')).toThrow(
      /^base\.json:3:3: invalid JSON/,
    );
  });

  it('rejects JSON that is not a baseline, saying where', () => {
    expect(() =>
      parseBaseline('{"version":1,"tool":"rampart","findings":[{"ruleId":"x"}]}', 'b.json'),
    ).toThrow(/b\.json: not a Rampart baseline at findings\.0\.fingerprint/);
  });

  it('reports a missing file with RAMPART_BASELINE_INVALID', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rampart-bl-'));
    try {
      await expect(readBaseline(join(dir, 'none.json'))).rejects.toMatchObject({
        code: 'RAMPART_BASELINE_INVALID',
      });
      await writeFile(join(dir, 'ok.json'), formatBaseline(createBaseline([a])));
      expect((await readBaseline(join(dir, 'ok.json'))).findings).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
