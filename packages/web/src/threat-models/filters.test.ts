import { describe, expect, it } from 'vitest';
import { decisionText, filterThreats, readThreatFilters } from './filters.js';
import type { ThreatView } from './types.js';

const threat = (id: string, extra: Partial<ThreatView>): ThreatView => ({
  id,
  ruleId: id.split('@')[0] ?? id,
  title: id,
  stride: 'spoofing',
  severity: 'high',
  target: { kind: 'element', id: 'web', name: 'Web' },
  status: 'open',
  cwe: [],
  capec: [],
  mitigations: [],
  description: '',
  ...extra,
});

const threats = [
  threat('TM-S-001@web', {}),
  threat('TM-T-007@flow', { stride: 'tampering', status: 'mitigated', evidence: 'TLS' }),
  threat('TM-D-001@web', { stride: 'denial-of-service', status: 'accepted', reason: 'internal' }),
];

describe('the threat list filters', () => {
  it('reads known statuses and STRIDE categories from the URL and ignores the rest', () => {
    expect(readThreatFilters(new URLSearchParams('status=mitigated&stride=tampering'))).toEqual({
      status: 'mitigated',
      stride: 'tampering',
    });
    expect(readThreatFilters(new URLSearchParams('status=fixed&stride=<script>'))).toEqual({
      status: undefined,
      stride: undefined,
    });
  });

  it('keeps the threats that pass every filter, in the given order', () => {
    expect(filterThreats(threats, {}).map((t) => t.id)).toEqual(threats.map((t) => t.id));
    expect(filterThreats(threats, { status: 'open' }).map((t) => t.id)).toEqual(['TM-S-001@web']);
    expect(filterThreats(threats, { status: 'open', stride: 'tampering' })).toEqual([]);
  });

  it("labels a decision's words by its kind", () => {
    expect(decisionText(threats[0] as ThreatView)).toBeUndefined();
    expect(decisionText(threats[1] as ThreatView)).toEqual({ label: 'Evidence', text: 'TLS' });
    expect(decisionText(threats[2] as ThreatView)).toEqual({ label: 'Reason', text: 'internal' });
    expect(decisionText(threat('x@y', { note: 'again' }))).toEqual({
      label: 'Note',
      text: 'again',
    });
  });
});
