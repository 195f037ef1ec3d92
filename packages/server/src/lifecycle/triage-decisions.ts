import type { Finding } from '@rampart/core';
import type { Transaction } from 'kysely';
import { type FindingRow, isTriaged, lifecycleStatus, type NewEvent } from './lifecycle-store.js';
import { bestRule, type RuleTarget, type TriageRuleRow, targetOf } from './rule-matching.js';
import type { LifecycleDatabase, LifecycleDb } from './tables.js';

// What a triage decision does to a finding row, and the event it leaves. Decisions stick to
// the finding row (one per project and fingerprint), so they survive new scans, branches and
// versions; the lifecycle keeps tracking presence underneath (fixed_at), and a decision
// that ends gives the finding back the status its presence says (open or fixed).

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Gives a finding a rule's decision; returns the event. */
export function applyRule(row: FindingRow, rule: TriageRuleRow, at: number): NewEvent {
  const accept = rule.kind === 'accept_advisory';
  row.status = accept ? 'risk_accepted' : 'false_positive';
  row.triage_rule_id = rule.id;
  row.accepted_until = accept ? rule.expires_at : null;
  return {
    findingId: row.id,
    type: row.status,
    at,
    actorId: rule.author_id,
    scanId: null,
    stage: null,
    data: { rule: rule.id, reason: rule.reason, until: iso(rule.expires_at) },
  };
}

/**
 * Ends a finding's triage decision. The event is `risk_expired` when an accepted risk runs
 * out, else `reopened` without a scan (a person's or a rule's revert), which is how the
 * metrics tell a triage revert from a new open interval.
 */
export function clearDecision(
  row: FindingRow,
  at: number,
  why: 'expired' | 'revoked' | 'reopened',
  actorId: string | null,
  data: Readonly<Record<string, unknown>>,
): NewEvent {
  const from = row.status;
  row.status = lifecycleStatus(row.fixed_at);
  row.triage_rule_id = null;
  row.accepted_until = null;
  return {
    findingId: row.id,
    type: from === 'risk_accepted' && why === 'expired' ? 'risk_expired' : 'reopened',
    at,
    actorId,
    scanId: null,
    stage: null,
    data: { from, ...data },
  };
}

/** The rule target of a stored finding (from its JSON). */
export function targetOfRow(row: FindingRow): RuleTarget {
  try {
    return targetOf(JSON.parse(row.data) as Finding);
  } catch {
    return { ruleId: row.rule_id, advisories: [], path: undefined };
  }
}

/**
 * Brings a finding in line with the rules in force: the best matching rule decides, unless
 * a person decided (a person's decision always wins over rules). A finding whose rule no
 * longer applies loses its decision (`why` says why, for the event). Returns the events.
 */
export function reconcileWithRules(
  row: FindingRow,
  target: RuleTarget,
  rules: readonly TriageRuleRow[],
  now: number,
  at: number,
  why: 'expired' | 'revoked',
): NewEvent[] {
  if (isTriaged(row.status) && row.triage_rule_id === null) return [];
  const best = bestRule(rules, target, now);
  if (best === undefined) {
    if (row.triage_rule_id === null) return [];
    const rule = row.triage_rule_id;
    return [clearDecision(row, at, why, null, { rule })];
  }
  if (best.id === row.triage_rule_id) return [];
  return [applyRule(row, best, at)];
}

/** The rules in force at `now`. */
export async function loadActiveRules(trx: LifecycleDb, now: number): Promise<TriageRuleRow[]> {
  return trx
    .selectFrom('triage_rules')
    .selectAll()
    .where('revoked_at', 'is', null)
    .where('expired_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .execute();
}

/** Writes the triage columns of changed rows (grouped: one statement per distinct decision). */
export async function saveTriageColumns(
  trx: Transaction<LifecycleDatabase>,
  rows: readonly FindingRow[],
): Promise<void> {
  const groups = new Map<string, { row: FindingRow; ids: string[] }>();
  for (const row of rows) {
    const key = JSON.stringify([row.status, row.triage_rule_id, row.accepted_until]);
    const group = groups.get(key);
    if (group) group.ids.push(row.id);
    else groups.set(key, { row, ids: [row.id] });
  }
  for (const { row, ids } of groups.values()) {
    for (let i = 0; i < ids.length; i += 1000) {
      await trx
        .updateTable('findings')
        .set({
          status: row.status,
          triage_rule_id: row.triage_rule_id,
          accepted_until: row.accepted_until,
        })
        .where('id', 'in', ids.slice(i, i + 1000))
        .execute();
    }
  }
}
