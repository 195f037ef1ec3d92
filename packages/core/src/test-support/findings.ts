import type { Finding, FindingDraft } from '../finding/finding.js';

/** A valid code finding for tests; override what the test is about. */
export function codeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'test.rule',
    scanner: 'sast',
    tool: { name: 'rampart', version: '0.0.0' },
    title: 'Test rule',
    message: 'Something is wrong here',
    severity: 'high',
    confidence: 'high',
    cwe: ['CWE-79'],
    location: {
      kind: 'code',
      path: 'src/app.js',
      region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 10 },
      snippet: 'eval(x)',
    },
    references: [],
    tags: [],
    fingerprint: 'fp-1',
    ...overrides,
  };
}

/** A valid draft (no fingerprint) for tests. */
export function codeDraft(overrides: Partial<FindingDraft> = {}): FindingDraft {
  const { fingerprint: _fp, ...rest } = codeFinding();
  return { ...rest, ...overrides };
}
