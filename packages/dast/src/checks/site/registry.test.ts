import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PASSIVE_CHECKS } from '../passive/index.js';
import { ruleProblems, untestedModules } from '../passive/test-support.js';
import { SITE_CHECKS } from './index.js';

describe('SITE_CHECKS', () => {
  const rules = SITE_CHECKS.flatMap((c) => c.rules);

  it('has complete rule metadata, with ids unique across passive and site checks', () => {
    expect(ruleProblems([...PASSIVE_CHECKS.flatMap((c) => c.rules), ...rules])).toEqual([]);
  });

  it('registers every rule the issue asks for', () => {
    expect(rules.map((r) => r.id).sort()).toEqual([
      'dast/backup-file',
      'dast/cors-null-origin',
      'dast/cors-reflected-origin',
      'dast/exposed-env',
      'dast/exposed-git',
      'dast/source-map-exposed',
    ]);
  });

  it('has a test beside every check module (named after the check id)', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    expect(
      untestedModules(
        dir,
        SITE_CHECKS.map((c) => c.id),
      ),
    ).toEqual([]);
  });
});
