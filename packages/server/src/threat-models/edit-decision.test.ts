import { parseThreatModel } from '@rampart/threat-model';
import { describe, expect, it } from 'vitest';
import { withThreatDecision } from './edit-decision.js';

const MODEL = `# The shop's threat model: keep this comment.
version: 1
name: Shop
elements:
  - id: api # the public API
    type: process
    name: API
    attributes: { internetFacing: true, authenticates: false }
`;

describe('withThreatDecision', () => {
  it('adds a threats map to a document without one, keeping comments and flow maps', () => {
    const out = withThreatDecision(MODEL, 'TM-S-001@api', {
      status: 'mitigated',
      evidence: 'mTLS at the gateway',
    });
    expect(out).toContain("# The shop's threat model: keep this comment.");
    expect(out).toContain('- id: api # the public API');
    expect(out).toContain('attributes: {internetFacing: true, authenticates: false}');
    expect(parseThreatModel(out, 'threatmodel.yml').threats).toEqual({
      'TM-S-001@api': { status: 'mitigated', evidence: 'mTLS at the gateway' },
    });
  });

  it('replaces an existing decision in place and keeps the comments of the map', () => {
    const source = `${MODEL}threats:
  # Decided in the design review.
  TM-S-001@api:
    status: open
    note: to look at
  TM-X-002@api: # stale, kept
    status: mitigated
    evidence: long gone
`;
    const out = withThreatDecision(source, 'TM-S-001@api', {
      status: 'accepted',
      reason: 'internal only: #reasons',
    });
    expect(out).toContain('  # Decided in the design review.');
    expect(out).toContain('# stale, kept');
    const threats = parseThreatModel(out, 'threatmodel.yml').threats;
    expect(Object.keys(threats)).toEqual(['TM-S-001@api', 'TM-X-002@api']);
    expect(threats['TM-S-001@api']).toEqual({
      status: 'accepted',
      reason: 'internal only: #reasons',
    });
  });

  it('writes the first entry of an empty `threats: {}` as a block', () => {
    const out = withThreatDecision(`${MODEL}threats: {}\n`, 'TM-S-001@api', { status: 'open' });
    expect(out).toMatch(/^threats:\n {2}TM-S-001@api:\n {4}status: open\n$/m);
  });

  it('does not fold long lines the document already had', () => {
    const long = `${'word '.repeat(30).trim()}`;
    const source = `${MODEL}description: ${long}\n`;
    const out = withThreatDecision(source, 'TM-S-001@api', { status: 'open' });
    expect(out).toContain(`description: ${long}\n`);
  });
});
