import {
  advisoryIdsOf,
  bestTriageRule,
  type TriageRuleCriteria,
  type TriageTarget,
  triagePathMatches,
  triagePathOf,
  triageRuleMatches,
  triageTargetOf,
} from '@rampart/core';
import type { Selectable } from 'kysely';
import type { TriageRuleTable } from './tables.js';

// The matching itself lives in @rampart/core, shared with `rampart scan --server` (which
// must accept exactly what the hub accepts); this module adapts the stored rows to it.

/** A stored organisation-wide triage rule. */
export type TriageRuleRow = Selectable<TriageRuleTable>;

/** What a triage rule looks at in a finding. */
export type RuleTarget = TriageTarget;

/** The advisory ids a finding answers to: its advisory and aliases, and the rule id of a package finding. */
export const advisoriesOf = advisoryIdsOf;
/** The path a path rule matches against. */
export const pathOf = triagePathOf;
/** The rule target of a finding. */
export const targetOf = triageTargetOf;
/** Whether a finding's path is under a rule's path (prefix or glob). */
export const pathMatches = triagePathMatches;

/** The `advisories` column: `|GHSA-…|CVE-…|`, or '' for a finding without advisories. */
export function advisoriesColumn(ids: readonly string[]): string {
  return ids.length === 0 ? '' : `|${ids.join('|')}|`;
}

interface RowCriteria extends TriageRuleCriteria {
  readonly row: TriageRuleRow;
}

function criteriaOf(row: TriageRuleRow): RowCriteria {
  return {
    id: row.id,
    kind: row.kind,
    advisory: row.advisory,
    ruleId: row.rule_id,
    path: row.path,
    priority: row.priority,
    createdAt: row.created_at,
    row,
  };
}

/** Whether the rule applies to the target (ignoring whether it is active). */
export function ruleMatches(rule: TriageRuleRow, target: RuleTarget): boolean {
  return triageRuleMatches(criteriaOf(rule), target);
}

/** Whether a rule is in force at `now`: not revoked, not expired. */
export function isActive(rule: TriageRuleRow, now: number): boolean {
  return (
    rule.revoked_at === null &&
    rule.expired_at === null &&
    (rule.expires_at === null || rule.expires_at > now)
  );
}

/** The rule that decides when several match: highest priority, then the newest. */
export function bestRule(
  rules: readonly TriageRuleRow[],
  target: RuleTarget,
  now: number,
): TriageRuleRow | undefined {
  const active = rules.filter((rule) => isActive(rule, now)).map(criteriaOf);
  return bestTriageRule(active, target)?.row;
}
