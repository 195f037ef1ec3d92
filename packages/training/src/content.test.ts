import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from './catalog.js';
import { builtInContentDir, loadModules } from './load-module.js';

// The built-in catalog, written by us: every module parses, has the sections a learner
// relies on, shows a vulnerable and a fixed example in each language it lists, and names only
// rule ids that exist in Rampart's scanners.

const packages = fileURLToPath(new URL('../../', import.meta.url));

/** Every rule id Rampart's scanners report, read from their sources. */
function knownRuleIds(): Set<string> {
  const ids = new Set<string>();
  for (const language of readdirSync(join(packages, 'sast/rules')))
    for (const id of readdirSync(join(packages, 'sast/rules', language))) ids.add(id);
  const grep = (dir: string, pattern: RegExp) => {
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts'))
        continue;
      const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
      for (const m of text.matchAll(pattern)) if (m[1]) ids.add(m[1]);
    }
  };
  grep(join(packages, 'iac/src/checks'), /\bid: '([a-z0-9-]+)'/g);
  grep(join(packages, 'secrets/src/detectors'), /\bid: '([a-z0-9-]+)'/g);
  grep(join(packages, 'dast/src'), /'(dast\/[a-z0-9-]+)'/g);
  return ids;
}

/** Backticked words in a section that look like rule ids of our scanners. */
const RULE_ID = /`((?:js|py|docker|k8s|gha|gitlab|tf)-[a-z0-9-]+|dast\/[a-z0-9-]+)`/g;

describe('the built-in training catalog', async () => {
  const modules = await loadModules(builtInContentDir(), 'built-in');
  const rules = knownRuleIds();

  it('has at least 25 modules, each with its own CWEs', () => {
    expect(modules.length).toBeGreaterThanOrEqual(25);
  });

  it.each(modules.map((m) => [m.id, m] as const))(
    '%s has the sections, examples and real rule ids',
    (_id, m) => {
      const headings = [...m.body.matchAll(/^## (.+)$/gm)].map((h) => h[1]?.trim() ?? '');
      expect(headings).toContain('What it is');
      expect(headings).toContain('How Rampart finds it');
      expect(headings.some((h) => h.startsWith('Vulnerable'))).toBe(true);
      expect(headings.some((h) => h.startsWith('Fixed'))).toBe(true);
      // A module for a programming language shows code in it (vulnerable and fixed).
      const fences = [...m.body.matchAll(/^```([a-z0-9-]*)$/gm)].map((f) => f[1]);
      if (m.languages.includes('javascript') || m.languages.includes('typescript'))
        expect(
          fences.filter((f) => f === 'js' || f === 'ts' || f === 'javascript' || f === 'typescript')
            .length,
        ).toBeGreaterThanOrEqual(2);
      if (m.languages.includes('python'))
        expect(fences.filter((f) => f === 'python' || f === 'py').length).toBeGreaterThanOrEqual(2);
      const detection = m.body.slice(m.body.indexOf('## How Rampart finds it'));
      const named = [...detection.matchAll(RULE_ID)].map((r) => r[1] as string);
      expect(named.length, 'names at least one rule').toBeGreaterThan(0);
      expect(
        named.filter((id) => !rules.has(id)),
        'rule ids that do not exist',
      ).toEqual([]);
      expect(m.quiz.length).toBeGreaterThanOrEqual(3);
      expect(m.quiz.length).toBeLessThanOrEqual(5);
    },
  );

  it('covers the CWEs our rules report most', async () => {
    const catalog = await loadCatalog();
    const missing = [
      'CWE-798',
      'CWE-79',
      'CWE-321',
      'CWE-89',
      'CWE-829',
      'CWE-78',
      'CWE-732',
      'CWE-250',
      'CWE-94',
      'CWE-502',
      'CWE-327',
      'CWE-916',
      'CWE-942',
      'CWE-918',
      'CWE-614',
      'CWE-611',
      'CWE-347',
      'CWE-295',
      'CWE-22',
      'CWE-601',
      'CWE-338',
      'CWE-1336',
      'CWE-943',
      'CWE-352',
      'CWE-1321',
      'CWE-532',
    ].filter((cwe) => catalog.forCwe(cwe).length === 0);
    expect(missing).toEqual([]);
  });
});
