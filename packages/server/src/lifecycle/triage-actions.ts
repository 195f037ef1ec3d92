import type { Severity } from '@rampart/core';
import { ApiError } from '../app.js';
import { notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { syncIntervalDimensions } from './intervals.js';
import { type FindingRow, insertEvents, isTriaged, type NewEvent } from './lifecycle-store.js';
import { inTransaction, lockProject } from './project-lock.js';
import { lifecycleDb } from './tables.js';
import { clearDecision } from './triage-decisions.js';
import { audit } from './triage-rules.js';

/** A person's triage action on one finding. */
export type TriageRequest =
  | { readonly action: 'false_positive'; readonly reason: string }
  | { readonly action: 'accept_risk'; readonly reason: string; readonly expiresAt: number }
  | { readonly action: 'reopen'; readonly reason?: string | undefined }
  | { readonly action: 'assign'; readonly assigneeId: string | null }
  | { readonly action: 'comment'; readonly text: string }
  | {
      readonly action: 'override_severity';
      readonly severity: Severity | null;
      readonly reason?: string | undefined;
    };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Takes a triage action on a finding, under its project's lock, in one transaction with its
 * event (actor, details) and an audit-log entry; returns the updated row. The caller has
 * checked the permission. A false positive or an accepted risk is a decision on the
 * finding's row, so it holds for the fingerprint across scans, branches and versions;
 * `reopen` ends such a decision (409 NOT_TRIAGED when there is none).
 */
export async function triageFinding(
  database: HubDatabase,
  findingId: string,
  request: TriageRequest,
  actorId: string,
  now: number,
): Promise<FindingRow> {
  return inTransaction(lifecycleDb(database.db), async (trx) => {
    const found = await trx
      .selectFrom('findings')
      .select('project_id')
      .where('id', '=', findingId)
      .executeTakeFirst();
    if (found === undefined) throw notFound('finding');
    const project = await lockProject(trx, found.project_id);
    const row = await trx
      .selectFrom('findings')
      .selectAll()
      .where('id', '=', findingId)
      .executeTakeFirstOrThrow();
    const event = (type: string, data: Record<string, unknown>): NewEvent => ({
      findingId,
      type,
      at: now,
      actorId,
      scanId: null,
      stage: null,
      data,
    });
    let made: NewEvent;
    switch (request.action) {
      case 'false_positive':
        row.status = 'false_positive';
        row.triage_rule_id = null;
        row.accepted_until = null;
        made = event('false_positive', { reason: request.reason });
        break;
      case 'accept_risk':
        if (request.expiresAt <= now)
          throw new ApiError(400, 'VALIDATION', 'body.expiresAt: must be in the future');
        row.status = 'risk_accepted';
        row.triage_rule_id = null;
        row.accepted_until = request.expiresAt;
        made = event('risk_accepted', { reason: request.reason, until: iso(request.expiresAt) });
        break;
      case 'reopen':
        if (!isTriaged(row.status))
          throw new ApiError(
            409,
            'NOT_TRIAGED',
            `the finding is ${row.status}: only a false positive or an accepted risk can be reopened`,
          );
        made = clearDecision(row, now, 'reopened', actorId, {
          ...(row.triage_rule_id === null ? {} : { rule: row.triage_rule_id }),
          ...(request.reason === undefined ? {} : { reason: request.reason }),
        });
        break;
      case 'assign': {
        if (request.assigneeId !== null) {
          const user = await trx
            .selectFrom('users')
            .leftJoin('memberships', (join) =>
              join
                .onRef('memberships.user_id', '=', 'users.id')
                .on('memberships.team_id', '=', project.teamId),
            )
            .select(['users.id', 'users.global_role', 'users.disabled', 'memberships.role'])
            .where('users.id', '=', request.assigneeId)
            .executeTakeFirst();
          if (
            user === undefined ||
            user.disabled !== 0 ||
            (user.global_role === null && user.role === null)
          )
            throw new ApiError(
              400,
              'UNKNOWN_ASSIGNEE',
              'body.assigneeId: no active user of this team (or with an organisation role) has this id',
            );
        }
        made = event('assigned', { from: row.assignee_id, to: request.assigneeId });
        row.assignee_id = request.assigneeId;
        break;
      }
      case 'comment':
        made = event('commented', { text: request.text });
        break;
      case 'override_severity':
        made = event('severity_overridden', {
          from: row.severity_override ?? row.severity,
          to: request.severity ?? row.severity,
          ...(request.reason === undefined ? {} : { reason: request.reason }),
        });
        row.severity_override = request.severity;
        break;
    }
    await trx
      .updateTable('findings')
      .set({
        status: row.status,
        triage_rule_id: row.triage_rule_id,
        accepted_until: row.accepted_until,
        assignee_id: row.assignee_id,
        severity_override: row.severity_override,
      })
      .where('id', '=', findingId)
      .execute();
    await insertEvents(trx, row.project_id, [made], database.dialect);
    if (request.action === 'override_severity') await syncIntervalDimensions(trx, [findingId]);
    await audit(trx, now, {
      actorId,
      action: `finding.${request.action}`,
      targetType: 'finding',
      targetId: findingId,
      data: { type: made.type, ...made.data },
    });
    return row;
  });
}
