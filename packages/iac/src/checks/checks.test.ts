import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Check } from '../check.js';
import { parseAs, runChecks } from '../run-checks.js';
import { CHECKS } from './index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const folders = readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

/** The lines a check reports on a fixture case's input file. */
function reported(check: Check, dir: string): number[] {
  const input = readdirSync(dir).find((f) => f !== 'expected.json');
  if (!input) throw new Error(`${dir} has no input file`);
  const text = readFileSync(join(dir, input), 'utf8');
  const doc = parseAs(check.meta.kind, text, input);
  return runChecks([check], doc, input, text).map((d) =>
    d.location.kind === 'code' ? (d.location.region?.startLine ?? 0) : 0,
  );
}

describe('the iac check registry', () => {
  it('registers every check folder, under its own id, once', () => {
    expect(CHECKS.map((c) => c.meta.id).sort()).toEqual([...folders].sort());
    expect(new Set(CHECKS.map((c) => c.meta.id)).size).toBe(CHECKS.length);
  });

  describe.each(CHECKS.map((c) => [c.meta.id, c] as const))('%s', (id, check) => {
    const fixtures = join(here, id, 'fixtures');
    const cases = existsSync(fixtures) ? readdirSync(fixtures) : [];

    it('has a README, a vulnerable and a safe case, and complete meta', () => {
      expect(existsSync(join(here, id, 'README.md'))).toBe(true);
      expect(cases.some((c) => c.startsWith('vulnerable.'))).toBe(true);
      expect(cases.some((c) => c.startsWith('safe.'))).toBe(true);
      expect(check.meta.remediation.length).toBeGreaterThan(20);
      expect(check.meta.references.length).toBeGreaterThan(0);
    });

    it.each(cases.filter((c) => c.startsWith('vulnerable.')))(
      'reports %s on the expected lines',
      (c) => {
        const expected = JSON.parse(readFileSync(join(fixtures, c, 'expected.json'), 'utf8')) as {
          line: number;
        }[];
        expect(reported(check, join(fixtures, c))).toEqual(expected.map((e) => e.line));
      },
    );

    it.each(cases.filter((c) => c.startsWith('safe.')))('reports nothing on %s', (c) => {
      expect(reported(check, join(fixtures, c))).toEqual([]);
    });
  });
});
