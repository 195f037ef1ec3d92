import { describe, expect, it } from 'vitest';
import { codeFinding } from '../test-support/findings.js';
import { evaluateGate } from './gate.js';
import { applyRuleSettings } from './rule-settings.js';

const high = codeFinding({ fingerprint: 'h', severity: 'high' });
const critical = codeFinding({ fingerprint: 'c', severity: 'critical' });
const medium = codeFinding({ fingerprint: 'm', severity: 'medium' });

describe('evaluateGate', () => {
  it('fails on findings at or above the threshold and lists them most severe first', () => {
    const d = evaluateGate([medium, high, critical], 'high');
    expect(d.passed).toBe(false);
    expect(d.failing.map((f) => f.fingerprint)).toEqual(['c', 'h']);
    expect(d.summary).toBe('gate failed: 2 findings at or above high (1 critical, 1 high)');
  });

  it('passes when everything is below the threshold', () => {
    const d = evaluateGate([medium], 'high');
    expect(d.passed).toBe(true);
    expect(d.summary).toContain('no new finding at or above high');
  });

  it('never fails with --fail-on never', () => {
    expect(evaluateGate([critical], 'never').passed).toBe(true);
  });

  it('does not count findings marked existing', () => {
    const d = evaluateGate([{ ...critical, novelty: 'existing' }, medium], 'medium');
    expect(d.failing.map((f) => f.fingerprint)).toEqual(['m']);
    expect(d.ignoredExisting).toBe(1);
    expect(d.summary).toContain('1 existing finding(s) not counted');
  });

  it('counts info findings only with --fail-on info', () => {
    const info = codeFinding({ severity: 'info' });
    expect(evaluateGate([info], 'low').passed).toBe(true);
    expect(evaluateGate([info], 'info').passed).toBe(false);
  });
});

describe('applyRuleSettings', () => {
  it('drops disabled rules', () => {
    const r = applyRuleSettings([high], {
      'test.rule': { enabled: false, severity: undefined, exclude: [] },
    });
    expect(r.kept).toEqual([]);
    expect(r.dropped).toEqual([{ finding: high, kind: 'disabled' }]);
  });

  it('overrides severity and remembers the original', () => {
    const r = applyRuleSettings([high], {
      'test.rule': { enabled: true, severity: 'low', exclude: [] },
    });
    expect(r.kept[0]?.severity).toBe('low');
    expect(r.kept[0]?.properties).toEqual({ originalSeverity: 'high' });
  });

  it('drops findings in a rule excluded path, relative to the config folder', () => {
    const setting = { 'test.rule': { enabled: true, severity: undefined, exclude: ['svc/src/'] } };
    expect(applyRuleSettings([high], setting, 'svc').kept).toEqual([]);
    expect(applyRuleSettings([high], setting, 'other').kept).toEqual([high]);
  });

  it('leaves other rules alone', () => {
    const other = codeFinding({ ruleId: 'other' });
    expect(
      applyRuleSettings([other], {
        'test.rule': { enabled: false, severity: undefined, exclude: [] },
      }).kept,
    ).toEqual([other]);
  });
});
