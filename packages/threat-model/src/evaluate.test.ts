import { RuleError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import {
  evaluateThreats,
  summarizeThreats,
  THREAT_SEVERITIES,
  unmatchedDecisionKeys,
} from './evaluate.js';
import { loadThreatModel, parseThreatModel } from './load-model.js';
import type { ThreatRule } from './types.js';

const base = {
  description: 'A test rule.',
  mitigations: ['Fix it.'],
  cwe: ['CWE-0'],
  capec: [],
} as const;

/** Fires on internet-facing processes and data stores that say they do not authenticate. */
const noAuth: ThreatRule = {
  ...base,
  id: 'TM-S-901',
  title: 'Unauthenticated internet-facing element',
  stride: 'spoofing',
  severity: 'high',
  target: 'element',
  elementTypes: ['process', 'data-store'],
  applies: (e) =>
    e.element.attributes.internetFacing === true && e.element.attributes.authenticates === false,
};

/** Fires on flows that cross a boundary and say they are not encrypted. */
const plaintext: ThreatRule = {
  ...base,
  id: 'TM-I-901',
  title: 'Plaintext across a boundary',
  stride: 'information-disclosure',
  severity: 'critical',
  target: 'flow',
  applies: (f) => f.crossesBoundary && f.flow.encrypted === false,
};

/** Fires on every element of every type, to show type filtering and ordering. */
const everything: ThreatRule = {
  ...base,
  id: 'TM-R-901',
  title: 'Everything',
  stride: 'repudiation',
  severity: 'low',
  target: 'element',
  elementTypes: ['external-entity'],
  applies: () => true,
};

const MODEL = `version: 1
name: Shop
elements:
  - id: user
    type: external-entity
    name: User
  - id: web
    type: process
    name: Web
    attributes: { internetFacing: true, authenticates: false }
  - id: api
    type: process
    name: API
    attributes: { internetFacing: true, authenticates: false }
  - id: db
    type: data-store
    name: DB
    attributes: { internetFacing: false }
  - id: partner
    type: external-entity
    name: Partner
flows:
  - { id: login, from: user, to: web, encrypted: false }
  - { id: query, from: api, to: db, encrypted: false, name: Queries }
  - { id: feed, from: partner, to: api, encrypted: true }
boundaries:
  - { id: inside, name: Inside, elements: [web, api, db] }
threats:
  TM-S-901@api: { status: mitigated, evidence: The gateway authenticates every call. }
  TM-I-901@login: { status: accepted, reason: Local demo only. }
  TM-R-901@user: { status: open, note: Still to look at. }
  TM-S-901@db: { status: accepted, reason: Stale. }
`;

describe('evaluateThreats', () => {
  const model = parseThreatModel(MODEL, 'shop.yml');
  const threats = evaluateThreats(model, [everything, noAuth, plaintext]);

  it('gives one threat per rule and target it applies to, with ids rule@target', () => {
    expect(threats.map((t) => t.id)).toEqual([
      'TM-I-901@login',
      'TM-S-901@api',
      'TM-S-901@web',
      'TM-R-901@partner',
      'TM-R-901@user',
    ]);
  });

  it('applies an element rule only to the types it lists', () => {
    expect(threats.filter((t) => t.rule.id === 'TM-R-901').map((t) => t.target.id)).toEqual([
      'partner',
      'user',
    ]);
  });

  it('names targets: elements by name, flows by name or by their two ends', () => {
    expect(threats[0]?.target).toEqual({ kind: 'flow', id: 'login', name: 'User → Web' });
    expect(threats[1]?.target).toEqual({ kind: 'element', id: 'api', name: 'API' });
    const named = evaluateThreats(
      parseThreatModel(
        MODEL.replace(
          '{ id: query, from: api, to: db, encrypted: false, name: Queries }',
          '{ id: query, from: partner, to: db, encrypted: false, name: Queries }',
        ),
        'shop.yml',
      ),
      [plaintext],
    );
    expect(named.map((t) => t.target.name)).toEqual(['User → Web', 'Queries']);
  });

  it('applies the decisions of the model and leaves the rest open', () => {
    const decisions = Object.fromEntries(threats.map((t) => [t.id, t.decision]));
    expect(decisions).toEqual({
      'TM-I-901@login': { status: 'accepted', reason: 'Local demo only.' },
      'TM-S-901@api': { status: 'mitigated', evidence: 'The gateway authenticates every call.' },
      'TM-S-901@web': { status: 'open' },
      'TM-R-901@partner': { status: 'open' },
      'TM-R-901@user': { status: 'open', note: 'Still to look at.' },
    });
  });

  it('lists worst severity first, then by rule id, then by target id, whatever the rule order', () => {
    const reversed = evaluateThreats(model, [plaintext, noAuth, everything].reverse());
    expect(reversed.map((t) => t.id)).toEqual(threats.map((t) => t.id));
    const sameSeverity: ThreatRule = { ...noAuth, id: 'TM-E-901' };
    expect(evaluateThreats(model, [noAuth, sameSeverity]).map((t) => t.id)).toEqual([
      'TM-E-901@api',
      'TM-E-901@web',
      'TM-S-901@api',
      'TM-S-901@web',
    ]);
    const severities = threats.map((t) => THREAT_SEVERITIES.indexOf(t.rule.severity));
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
  });

  it('gives no threats for no rules, and none for a rule that never applies', () => {
    expect(evaluateThreats(model, [])).toEqual([]);
    expect(evaluateThreats(model, [{ ...plaintext, applies: () => false }])).toEqual([]);
  });

  it('names the rule that throws, and refuses two rules with one id', () => {
    const broken: ThreatRule = {
      ...plaintext,
      applies: () => {
        throw new Error('boom');
      },
    };
    expect(() => evaluateThreats(model, [broken])).toThrow(RuleError);
    expect(() => evaluateThreats(model, [broken])).toThrow('rule TM-I-901: failed on login: boom');
    expect(() => evaluateThreats(model, [noAuth, noAuth])).toThrow(
      'rule TM-S-901: two rules have this id',
    );
  });

  it('runs on the payments example', async () => {
    const payments = await loadThreatModel(
      new URL('fixtures/payments.threatmodel.yml', import.meta.url).pathname,
    );
    const found = evaluateThreats(payments, [plaintext, everything]);
    expect(found.map((t) => t.id)).toEqual(['TM-R-901@browser', 'TM-R-901@payment-provider']);
  });
});

describe('summarizeThreats', () => {
  it('counts threats by decision and open threats by severity', () => {
    const threats = evaluateThreats(parseThreatModel(MODEL, 'shop.yml'), [
      everything,
      noAuth,
      plaintext,
    ]);
    expect(summarizeThreats(threats)).toEqual({
      total: 5,
      byStatus: { open: 3, mitigated: 1, accepted: 1 },
      openBySeverity: { critical: 0, high: 1, medium: 0, low: 2 },
    });
    expect(summarizeThreats([])).toEqual({
      total: 0,
      byStatus: { open: 0, mitigated: 0, accepted: 0 },
      openBySeverity: { critical: 0, high: 0, medium: 0, low: 0 },
    });
  });
});

describe('unmatchedDecisionKeys', () => {
  it('names decisions about threats the model no longer gives', () => {
    const model = parseThreatModel(MODEL, 'shop.yml');
    const threats = evaluateThreats(model, [everything, noAuth, plaintext]);
    expect(unmatchedDecisionKeys(model, threats)).toEqual(['TM-S-901@db']);
  });
});
