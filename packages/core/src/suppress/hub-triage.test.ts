import { describe, expect, it } from 'vitest';
import { isRampartError } from '../errors.js';
import { codeFinding } from '../test-support/findings.js';
import { applyHubTriage, type HubTriage, parseHubTriage } from './hub-triage.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');

const rule = (over: Partial<HubTriage['rules'][number]>): HubTriage['rules'][number] => ({
  id: 'rule-1',
  kind: 'false_positive_path',
  advisory: null,
  ruleId: 'js.eval',
  path: 'src/legacy',
  reason: 'legacy code never receives input',
  priority: 0,
  expiresAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  active: true,
  ...over,
});

const at = (fingerprint: string, path: string, ruleId = 'js.eval') =>
  codeFinding({
    fingerprint,
    ruleId,
    location: {
      kind: 'code',
      path,
      region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 },
    },
  });

describe("the hub's triage", () => {
  it('suppresses decided fingerprints and rule matches with the reason, keeps the rest', () => {
    const triage: HubTriage = {
      projectId: 'p',
      decisions: [
        {
          fingerprint: 'fp-accepted',
          ruleId: 'js.eval',
          status: 'risk_accepted',
          until: '2027-01-31T00:00:00.000Z',
          reason: 'behind the VPN',
          triageRuleId: null,
        },
        {
          fingerprint: 'fp-fp',
          ruleId: 'js.eval',
          status: 'false_positive',
          until: null,
          reason: 'constant input',
          triageRuleId: null,
        },
      ],
      rules: [rule({})],
    };
    const findings = [
      at('fp-accepted', 'src/a.js'),
      at('fp-fp', 'src/b.js'),
      at('fp-legacy', 'src/legacy/c.js'),
      at('fp-open', 'src/d.js'),
      at('fp-other-rule', 'src/legacy/e.js', 'js.other'),
    ];
    const result = applyHubTriage(findings, triage, NOW);
    expect(result.kept.map((f) => f.fingerprint)).toEqual(['fp-open', 'fp-other-rule']);
    expect(result.suppressed.map((s) => [s.finding.fingerprint, s.reason])).toEqual([
      ['fp-accepted', 'accepted risk until 2027-01-31 (hub): behind the VPN'],
      ['fp-fp', 'false positive (hub): constant input'],
      ['fp-legacy', 'false positive (hub rule): legacy code never receives input'],
    ]);
  });

  it('prefers a decision on the fingerprint over a rule, and ignores what ended since', () => {
    const triage: HubTriage = {
      projectId: 'p',
      decisions: [
        {
          fingerprint: 'fp-1',
          ruleId: 'js.eval',
          status: 'risk_accepted',
          until: '2026-07-01T00:00:00.000Z',
          reason: null,
          triageRuleId: 'rule-9',
        },
        {
          fingerprint: 'fp-2',
          ruleId: 'js.eval',
          status: 'risk_accepted',
          until: '2026-05-31T23:59:59.000Z',
          reason: 'expired',
          triageRuleId: null,
        },
      ],
      rules: [
        rule({ id: 'expired', path: null, expiresAt: '2026-05-01T00:00:00.000Z' }),
        rule({ id: 'revoked', path: null, active: false }),
      ],
    };
    const result = applyHubTriage(
      [at('fp-1', 'src/legacy/a.js'), at('fp-2', 'src/b.js')],
      triage,
      NOW,
    );
    expect(result.suppressed.map((s) => s.reason)).toEqual([
      'accepted risk until 2026-07-01 (hub rule)',
    ]);
    expect(result.kept.map((f) => f.fingerprint)).toEqual(['fp-2']);
  });

  it('accepts an advisory everywhere until its date', () => {
    const finding = codeFinding({
      ruleId: 'GHSA-aaaa-bbbb-cccc',
      scanner: 'sca',
      location: {
        kind: 'package',
        purl: 'pkg:npm/x@1.0.0',
        ecosystem: 'npm',
        name: 'x',
        version: '1.0.0',
        manifestPath: 'package-lock.json',
        fixedVersions: [],
      },
      properties: { advisory: 'GHSA-aaaa-bbbb-cccc', aliases: ['CVE-2026-1'] },
    });
    const triage: HubTriage = {
      projectId: 'p',
      decisions: [],
      rules: [
        rule({
          kind: 'accept_advisory',
          advisory: 'cve-2026-1',
          ruleId: null,
          path: null,
          reason: 'not exploitable here',
          expiresAt: '2026-12-31T00:00:00.000Z',
        }),
      ],
    };
    expect(applyHubTriage([finding], triage, NOW).suppressed[0]?.reason).toBe(
      'accepted risk until 2026-12-31 (hub rule): not exploitable here',
    );
  });

  it('rejects an answer that is not the triage, naming where', () => {
    let error: unknown;
    try {
      parseHubTriage({ projectId: 'p', decisions: [{ fingerprint: 'x' }], rules: [] }, 'hub');
    } catch (e) {
      error = e;
    }
    expect(isRampartError(error) && error.code).toBe('RAMPART_HUB');
    expect((error as Error).message).toMatch(/^hub: not the hub's triage answer at decisions\.0\./);
    expect(
      parseHubTriage({ projectId: 'p', decisions: [], rules: [], extra: 1 }, 'hub').projectId,
    ).toBe('p');
  });
});
