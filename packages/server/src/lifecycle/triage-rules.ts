import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import { ApiError } from '../app.js';
import { type AuditEntry, recordAudit } from '../auth/audit.js';
import { notFound } from '../auth/input.js';
import type { Dialect, HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { type FindingRow, insertEvents, type NewEvent } from './lifecycle-store.js';
import { chunks, inTransaction, lockProject } from './project-lock.js';
import { ruleMatches, type TriageRuleRow } from './rule-matching.js';
import { type LifecycleDatabase, lifecycleDb } from './tables.js';
import {
  clearDecision,
  loadActiveRules,
  reconcileWithRules,
  saveTriageColumns,
  targetOfRow,
} from './triage-decisions.js';

type Trx = Transaction<LifecycleDatabase>;

/** Appends an audit entry from a lifecycle transaction. */
export function audit(trx: Trx, at: number, entry: AuditEntry): Promise<void> {
  return recordAudit(trx as unknown as Transaction<Database>, at, entry);
}

/** A new organisation-wide triage rule. */
export type NewTriageRule =
  | {
      readonly kind: 'accept_advisory';
      /** The advisory (GHSA, CVE, OSV id or any alias) accepted in every project. */
      readonly advisory: string;
      readonly reason: string;
      readonly priority: number;
      /** Required: an accepted risk always ends. */
      readonly expiresAt: number;
    }
  | {
      readonly kind: 'false_positive_path';
      readonly ruleId: string;
      /** A path prefix or glob; undefined: every path. */
      readonly path?: string | undefined;
      readonly reason: string;
      readonly priority: number;
      readonly expiresAt?: number | undefined;
    };

/** Locks the projects of these ids in a fixed order (so two rule changes never deadlock). */
async function lockProjects(trx: Trx, projectIds: Iterable<string>): Promise<void> {
  for (const id of [...new Set(projectIds)].sort()) await lockProject(trx, id);
}

/**
 * Reconciles the given findings with the rules in force and writes the changes and their
 * events, project by project. `at`: the events' time.
 */
async function reconcileRows(
  trx: Trx,
  dialect: Dialect,
  rows: readonly FindingRow[],
  now: number,
  at: number,
  why: 'expired' | 'revoked',
): Promise<number> {
  const rules = await loadActiveRules(trx, now);
  const changed: FindingRow[] = [];
  const events = new Map<string, NewEvent[]>();
  for (const row of rows) {
    const made = reconcileWithRules(row, targetOfRow(row), rules, now, at, why);
    if (made.length === 0) continue;
    changed.push(row);
    events.set(row.project_id, [...(events.get(row.project_id) ?? []), ...made]);
  }
  await saveTriageColumns(trx, changed);
  for (const [projectId, list] of events) await insertEvents(trx, projectId, list, dialect);
  return changed.length;
}

/** Finding rows the rule matches, in every project (locked first). */
async function matchingRows(trx: Trx, rule: TriageRuleRow): Promise<FindingRow[]> {
  const base = () => {
    const q = trx.selectFrom('findings');
    if (rule.kind === 'accept_advisory') {
      const escaped = (rule.advisory ?? '').toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`);
      return q.where(sql<boolean>`advisories like ${`%|${escaped}|%`} escape '\\'`);
    }
    return q.where('rule_id', '=', rule.rule_id ?? '');
  };
  const projects = await base().select('project_id').distinct().execute();
  await lockProjects(
    trx,
    projects.map((p) => p.project_id),
  );
  const rows = await base().selectAll().execute();
  return rows.filter((row) => ruleMatches(rule, targetOfRow(row)));
}

/**
 * Creates an organisation-wide rule and applies it to the existing findings it matches, in
 * one transaction (future findings get it at ingest). A person's own decision on a finding
 * is left alone; a rule of higher priority (or, at equal priority, a newer one) wins.
 */
export async function createTriageRule(
  database: HubDatabase,
  input: NewTriageRule,
  authorId: string,
  now: number,
): Promise<{ rule: TriageRuleRow; applied: number }> {
  if (input.expiresAt !== undefined && input.expiresAt <= now)
    throw new ApiError(400, 'VALIDATION', 'body.expiresAt: must be in the future');
  const rule: TriageRuleRow = {
    id: randomUUID(),
    kind: input.kind,
    advisory: input.kind === 'accept_advisory' ? input.advisory.trim() : null,
    rule_id: input.kind === 'false_positive_path' ? input.ruleId : null,
    path: input.kind === 'false_positive_path' ? (input.path ?? null) : null,
    reason: input.reason,
    author_id: authorId,
    priority: input.priority,
    expires_at: input.expiresAt ?? null,
    created_at: now,
    expired_at: null,
    revoked_at: null,
    revoked_by: null,
  };
  return inTransaction(lifecycleDb(database.db), async (trx) => {
    await trx.insertInto('triage_rules').values(rule).execute();
    const rows = await matchingRows(trx, rule);
    const applied = await reconcileRows(trx, database.dialect, rows, now, now, 'revoked');
    await audit(trx, now, {
      actorId: authorId,
      action: 'triage_rule.create',
      targetType: 'triage_rule',
      targetId: rule.id,
      data: {
        kind: rule.kind,
        advisory: rule.advisory,
        ruleId: rule.rule_id,
        path: rule.path,
        applied,
      },
    });
    return { rule, applied };
  });
}

/** Takes a rule out of force and reverts (or hands to the next matching rule) its findings. */
async function retire(
  trx: Trx,
  dialect: Dialect,
  rule: TriageRuleRow,
  now: number,
  at: number,
  why: 'expired' | 'revoked',
): Promise<number> {
  const projects = await trx
    .selectFrom('findings')
    .select('project_id')
    .distinct()
    .where('triage_rule_id', '=', rule.id)
    .execute();
  await lockProjects(
    trx,
    projects.map((p) => p.project_id),
  );
  const rows = await trx
    .selectFrom('findings')
    .selectAll()
    .where('triage_rule_id', '=', rule.id)
    .execute();
  return reconcileRows(trx, dialect, rows, now, at, why);
}

/** Revokes a rule now (security or admin): its findings revert, in one transaction. */
export async function revokeTriageRule(
  database: HubDatabase,
  ruleId: string,
  actorId: string,
  now: number,
): Promise<{ rule: TriageRuleRow; reverted: number }> {
  return inTransaction(lifecycleDb(database.db), async (trx) => {
    const rule = await trx
      .selectFrom('triage_rules')
      .selectAll()
      .where('id', '=', ruleId)
      .executeTakeFirst();
    if (rule === undefined) throw notFound('triage rule');
    if (rule.revoked_at !== null || rule.expired_at !== null) return { rule, reverted: 0 };
    await trx
      .updateTable('triage_rules')
      .set({ revoked_at: now, revoked_by: actorId })
      .where('id', '=', ruleId)
      .execute();
    const updated = { ...rule, revoked_at: now, revoked_by: actorId };
    const reverted = await retire(trx, database.dialect, updated, now, now, 'revoked');
    await audit(trx, now, {
      actorId,
      action: 'triage_rule.revoke',
      targetType: 'triage_rule',
      targetId: rule.id,
      data: { reverted },
    });
    return { rule: updated, reverted };
  });
}

/** What {@link expireAcceptedRisks} did. */
export interface ExpiryOutcome {
  /** Rules that reached their expiry now. */
  readonly rules: number;
  /** Findings whose decision ended (individual risks and rule decisions). */
  readonly findings: number;
}

/**
 * Ends what has expired by `now`, for the jobs to call (idempotent, safe to run on several
 * instances at once): organisation rules past their expiry (their findings revert, or pass
 * to the next matching rule; events dated at the expiry) and individually accepted risks
 * past `accepted_until` (back to open, or fixed when no longer present; a `risk_expired`
 * event dated at the expiry).
 */
export async function expireAcceptedRisks(
  database: HubDatabase,
  now: number,
): Promise<ExpiryOutcome> {
  const db = lifecycleDb(database.db);
  let rules = 0;
  let findings = 0;
  const due = await db
    .selectFrom('triage_rules')
    .selectAll()
    .where('expires_at', '<=', now)
    .where('expired_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  for (const rule of due) {
    const outcome = await inTransaction(db, async (trx) => {
      const claimed = await trx
        .updateTable('triage_rules')
        .set({ expired_at: now })
        .where('id', '=', rule.id)
        .where('expired_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (claimed.numUpdatedRows === 0n) return undefined; // another instance did it
      const at = rule.expires_at ?? now;
      const reverted = await retire(
        trx,
        database.dialect,
        { ...rule, expired_at: now },
        now,
        at,
        'expired',
      );
      await audit(trx, now, {
        actorId: null,
        action: 'triage_rule.expire',
        targetType: 'triage_rule',
        targetId: rule.id,
        data: { reverted },
      });
      return reverted;
    });
    if (outcome === undefined) continue;
    rules++;
    findings += outcome;
  }

  const projects = await db
    .selectFrom('findings')
    .select('project_id')
    .distinct()
    .where('status', '=', 'risk_accepted')
    .where('triage_rule_id', 'is', null)
    .where('accepted_until', '<=', now)
    .execute();
  for (const { project_id: projectId } of projects) {
    findings += await inTransaction(db, async (trx) => {
      await lockProject(trx, projectId);
      const rows = await trx
        .selectFrom('findings')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('status', '=', 'risk_accepted')
        .where('triage_rule_id', 'is', null)
        .where('accepted_until', '<=', now)
        // A stable order for the events written at one time (not the chosen index's order).
        .orderBy('first_seen_at')
        .orderBy('fingerprint')
        .execute();
      const events = rows.map((row) => {
        const until = row.accepted_until ?? now;
        return clearDecision(row, until, 'expired', null, { until: new Date(until).toISOString() });
      });
      await saveTriageColumns(trx, rows);
      await insertEvents(trx, projectId, events, database.dialect);
      for (const part of chunks(rows, 500)) {
        await audit(trx, now, {
          actorId: null,
          action: 'finding.risk_expired',
          targetType: 'project',
          targetId: projectId,
          data: { findings: part.map((r) => r.id) },
        });
      }
      return rows.length;
    });
  }
  return { rules, findings };
}
