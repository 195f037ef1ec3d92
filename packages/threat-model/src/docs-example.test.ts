import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateThreats, parseThreatModel, THREAT_RULES, unmatchedDecisionKeys } from './index.js';

// The example in docs/programme.md must stay true: it parses, gives the threats the page
// describes, and every decision in it matches a threat.
describe('the threat model example of docs/programme.md', () => {
  const page = readFileSync(new URL('../../../docs/programme.md', import.meta.url), 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(page)?.[1] ?? '';

  it('gives three threats: one mitigated, one accepted, one medium left open', () => {
    const model = parseThreatModel(yaml, 'docs/programme.md');
    const threats = evaluateThreats(model, THREAT_RULES);
    expect(threats.map((t) => [t.id, t.decision.status, t.rule.severity]).sort()).toEqual([
      ['TM-D-001@api', 'open', 'medium'],
      ['TM-D-003@ledger', 'mitigated', 'high'],
      ['TM-I-002@write', 'accepted', 'high'],
    ]);
    expect(unmatchedDecisionKeys(model, threats)).toEqual([]);
  });
});
