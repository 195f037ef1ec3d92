import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInRulesDir } from './builtin-rules.js';
import { ruleFiles } from './rules/rule-files.js';
import { readBuiltInRules } from './rules-doc.js';
import { testRules } from './rules-test.js';

const dir = builtInRulesDir();
const rules = readBuiltInRules(dir, await ruleFiles(dir));
const TEST_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  javascript: ['.js', '.ts', '.tsx', '.jsx', '.mjs', '.cjs'],
  python: ['.py'],
};

describe('the built-in rules', () => {
  it('are at least 60 for JavaScript/TypeScript and 30 for Python', () => {
    expect(rules.filter((r) => r.family === 'javascript').length).toBeGreaterThanOrEqual(60);
    expect(rules.filter((r) => r.family === 'python').length).toBeGreaterThanOrEqual(30);
  });

  it.each(rules.map((r) => [r.rule.id, r] as const))(
    '%s is complete',
    (id, { rule, family, file }) => {
      // One rule per folder, named after it, with the language of its folder.
      expect(file).toBe(`${family}/${id}/${id}.yaml`);
      expect(id.startsWith(family === 'javascript' ? 'js-' : 'py-')).toBe(true);
      expect(rule.languages.map((l) => l.toLowerCase())).toContain(family);
      // Taxonomy and advice that every finding carries.
      expect(rule.metadata.cwe.length).toBeGreaterThan(0);
      expect(rule.metadata.owasp.some((o) => /^A(0[1-9]|10):2021 - \S/.test(o))).toBe(true);
      expect(rule.metadata.confidence).toBeDefined();
      expect(String(rule.metadata.extra.remediation ?? '').length).toBeGreaterThan(20);
      expect(rule.metadata.references.length).toBeGreaterThan(0);
      // An annotated test file beside it.
      const tests = readdirSync(join(dir, family, id)).filter((f) =>
        (TEST_EXTENSIONS[family] ?? []).some((ext) => f === `${id}${ext}`),
      );
      expect(tests.length).toBeGreaterThan(0);
      const annotated = tests.map((t) => readFileSync(join(dir, family, id, t), 'utf8')).join('\n');
      expect(annotated).toMatch(new RegExp(`(//|#) ruleid: ${id}\\b`));
      expect(annotated).toMatch(new RegExp(`(//|#) ok: ${id}\\b`));
    },
  );

  it('have unique ids', () => {
    const ids = rules.map((r) => r.rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('pass their own tests, each with lines that must and must not match', async () => {
    const results = await testRules(dir);
    const failures = results
      .filter((r) => !r.passed)
      .map(
        (r) =>
          `${r.ruleId} (${r.testFile}): ${r.error ?? `missed ${r.missed.join(',')} extra ${r.extra.join(',')}`}`,
      );
    expect(failures).toEqual([]);
    const tested = new Set(results.map((r) => r.ruleId));
    expect(rules.filter((r) => !tested.has(r.rule.id)).map((r) => r.rule.id)).toEqual([]);
  });
});
