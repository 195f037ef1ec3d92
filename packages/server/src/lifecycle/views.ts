import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { FindingEventTable } from '../db/schema.js';
import type { FindingRow } from './lifecycle-store.js';
import { stagesOf } from './lifecycle-store.js';
import { isActive, type TriageRuleRow } from './rule-matching.js';

// How the lifecycle's rows look in the API: camelCase, times as ISO 8601 strings.

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A point in time in a request: an ISO 8601 date-time with offset, or epoch milliseconds. */
export const instantSchema = z.union([
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  z.number().int().min(0),
]);

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

/** A finding in a list: everything but the full reported finding (its location instead). */
export function describeFinding(row: FindingRow) {
  const finding = parseData(row.data) as { location?: unknown; message?: unknown } | null;
  return {
    id: row.id,
    projectId: row.project_id,
    fingerprint: row.fingerprint,
    ruleId: row.rule_id,
    scanner: row.scanner,
    title: row.title,
    /** The severity that counts: the override when there is one. */
    severity: row.severity_override ?? row.severity,
    reportedSeverity: row.severity,
    severityOverride: row.severity_override,
    status: row.status,
    firstSeenAt: iso(row.first_seen_at),
    firstSeenStage: row.first_seen_stage,
    lastSeenAt: iso(row.last_seen_at),
    fixedAt: iso(row.fixed_at),
    seenAtStages: [...stagesOf(row.seen_stages)],
    assigneeId: row.assignee_id,
    acceptedUntil: iso(row.accepted_until),
    triageRuleId: row.triage_rule_id,
    location: finding?.location ?? null,
  };
}

/** A finding with the finding as last reported. */
export function describeFindingDetail(row: FindingRow) {
  return { ...describeFinding(row), finding: parseData(row.data) };
}

/** One event of a finding's timeline. */
export function describeEvent(row: Selectable<FindingEventTable>) {
  return {
    id: Number(row.id),
    type: row.type,
    at: iso(row.at),
    actorId: row.actor_id,
    scanId: row.scan_id,
    stage: row.stage,
    data: parseData(row.data),
  };
}

/** An organisation-wide triage rule. */
export function describeRule(rule: TriageRuleRow, now: number) {
  return {
    id: rule.id,
    kind: rule.kind,
    advisory: rule.advisory,
    ruleId: rule.rule_id,
    path: rule.path,
    reason: rule.reason,
    authorId: rule.author_id,
    priority: rule.priority,
    expiresAt: iso(rule.expires_at),
    createdAt: iso(rule.created_at),
    revokedAt: iso(rule.revoked_at),
    active: isActive(rule, now),
  };
}
