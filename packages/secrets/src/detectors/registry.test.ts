import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSecretMatcher } from '../engine/matcher.js';
import { DETECTORS } from './index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const families = readdirSync(here).filter((f) => statSync(`${here}/${f}`).isDirectory());

describe('the detector registry', () => {
  it('compiles: ids unique and kebab-case, keywords long enough, a secret group in every pattern', () => {
    expect(() => createSecretMatcher(DETECTORS)).not.toThrow();
  });

  it.each(families)(
    'family %s has its declarations, a README and its cases, and is registered',
    (family) => {
      expect(existsSync(`${here}/${family}/${family}.ts`)).toBe(true);
      expect(existsSync(`${here}/${family}/${family}.test.ts`)).toBe(true);
      expect(readFileSync(`${here}/${family}/README.md`, 'utf8').length).toBeGreaterThan(200);
      expect(readFileSync(`${here}/index.ts`, 'utf8')).toContain(`./${family}/${family}.js`);
    },
  );

  it('gives every detector remediation that says how to revoke or rotate', () => {
    for (const d of DETECTORS) {
      expect(d.remediation, d.id).toMatch(/revoke|rotate|regenerate|delete|reset|re-?issue|roll/i);
    }
  });

  it('finishes on adversarial input for every keyword (no catastrophic backtracking)', () => {
    const matcher = createSecretMatcher(DETECTORS);
    for (const d of DETECTORS) {
      for (const k of d.keywords) {
        for (const filler of ['a', 'A1', '-', ' ', '=', '"', '/', '\\n']) {
          matcher.scan(`${k}${filler.repeat(20_000)}`);
          matcher.scan(`${k}=${'x'.repeat(5_000)}${k}`);
        }
      }
    }
  });
});
