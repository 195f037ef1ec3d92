import { randomUUID } from 'node:crypto';
import type { Catalog } from '@rampart/training';
import type { Kysely } from 'kysely';
import type { HubDatabase } from '../db/database.js';
import { severitiesFrom } from './rule-store.js';
import { type TrainingDatabase, trainingDb } from './tables.js';

// Training assignments: the `training-assignments` job applies the active rules to the
// findings (assignment-job.ts runs `applyTrainingRules`), passes complete them, and people
// and teams read them.

const DAY = 24 * 60 * 60 * 1000;

/**
 * How far back before its watermark the job looks again for a rule's findings. A finding's
 * `first_seen_at` is the time its scan RAN, and a scan may be uploaded late: looking a week
 * back catches those (assigning is idempotent, so looking twice costs nothing).
 */
export const ASSIGNMENT_LOOKBACK_MS = 7 * DAY;

/**
 * Marks open assignments completed for people who have passed the module (the completion's
 * date). The attempt route does it at once on a pass; this catches the rest (e.g. a pass
 * recorded between the job's read and its insert). Returns how many it marked.
 */
export async function completeAssignments(db: Kysely<TrainingDatabase>): Promise<number> {
  const result = await db
    .updateTable('training_assignments')
    .set((eb) => ({
      completed_at: eb
        .selectFrom('training_completions')
        .select('training_completions.completed_at')
        .whereRef('training_completions.user_id', '=', 'training_assignments.user_id')
        .whereRef('training_completions.module_id', '=', 'training_assignments.module_id'),
    }))
    .where('training_assignments.completed_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('training_completions')
          .select('training_completions.user_id')
          .whereRef('training_completions.user_id', '=', 'training_assignments.user_id')
          .whereRef('training_completions.module_id', '=', 'training_assignments.module_id'),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Applies every active rule: its open findings first seen since the rule was created (and
 * since its watermark less {@link ASSIGNMENT_LOOKBACK_MS}) with the rule's CWE and an
 * effective severity at or above the rule's, in the rule's team (or any team), assign the
 * module to every enabled member of the finding's team who has not passed it and has no
 * open assignment of it (the partial unique index and `on conflict do nothing` make a
 * second run, or a second instance, a no-op). The assignment names the team's earliest
 * such finding and is due `due_days` after now. Then open assignments of people who passed
 * are marked completed.
 */
export async function applyTrainingRules(
  database: HubDatabase,
  now: number,
): Promise<{ assigned: number; completed: number }> {
  const db = trainingDb(database.db);
  const rules = await db
    .selectFrom('training_rules')
    .selectAll()
    .where('active', '=', 1)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  let assigned = 0;
  for (const rule of rules) {
    const since = Math.max(
      Number(rule.created_at),
      Number(rule.checked_until ?? rule.created_at) - ASSIGNMENT_LOOKBACK_MS,
    );
    let query = db
      .selectFrom('findings')
      .innerJoin('projects', 'projects.id', 'findings.project_id')
      .innerJoin('finding_cwes', 'finding_cwes.finding_id', 'findings.id')
      .select(['findings.id', 'projects.team_id'])
      .where('finding_cwes.cwe', '=', rule.cwe)
      .where('findings.status', '=', 'open')
      .where('findings.first_seen_at', '>=', since)
      .where('findings.first_seen_at', '<=', now)
      .where(
        (eb) => eb.fn.coalesce('findings.severity_override', 'findings.severity'),
        'in',
        severitiesFrom(rule.min_severity),
      )
      .orderBy('findings.first_seen_at')
      .orderBy('findings.id');
    if (rule.team_id !== null) query = query.where('projects.team_id', '=', rule.team_id);
    const findings = await query.execute();
    const firstByTeam = new Map<string, string>();
    for (const f of findings) if (!firstByTeam.has(f.team_id)) firstByTeam.set(f.team_id, f.id);
    if (firstByTeam.size > 0) {
      const members = await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .leftJoin('training_completions', (join) =>
          join
            .onRef('training_completions.user_id', '=', 'memberships.user_id')
            .on('training_completions.module_id', '=', rule.module_id),
        )
        .select(['memberships.user_id', 'memberships.team_id'])
        .where('memberships.team_id', 'in', [...firstByTeam.keys()])
        .where('users.disabled', '=', 0)
        .where('training_completions.user_id', 'is', null)
        .orderBy('memberships.team_id')
        .orderBy('memberships.user_id')
        .execute();
      for (const member of members) {
        const result = await db
          .insertInto('training_assignments')
          .values({
            id: randomUUID(),
            rule_id: rule.id,
            module_id: rule.module_id,
            user_id: member.user_id,
            team_id: member.team_id,
            finding_id: firstByTeam.get(member.team_id) ?? null,
            assigned_at: now,
            due_at: now + rule.due_days * DAY,
            completed_at: null,
          })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        assigned += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
    }
    await db
      .updateTable('training_rules')
      .set({ checked_until: now })
      .where('id', '=', rule.id)
      .execute();
  }
  const completed = await completeAssignments(db);
  return { assigned, completed };
}

/** An assignment as its person sees it. */
export interface MyAssignment {
  readonly id: string;
  readonly moduleId: string;
  /** The module's title; null when the module is no longer in the catalog. */
  readonly title: string | null;
  readonly ruleId: string | null;
  readonly ruleName: string | null;
  readonly teamId: string | null;
  readonly teamName: string | null;
  readonly findingId: string | null;
  readonly assignedAt: string;
  readonly dueAt: string;
  readonly completedAt: string | null;
  /** Open and past its due date. */
  readonly overdue: boolean;
}

const iso = (ms: number) => new Date(Number(ms)).toISOString();

/** A person's assignments: open ones first (the earliest due first), then the completed (newest first). */
export async function assignmentsOf(
  database: HubDatabase,
  catalog: Catalog,
  userId: string,
  now: number,
): Promise<MyAssignment[]> {
  const rows = await trainingDb(database.db)
    .selectFrom('training_assignments')
    .leftJoin('training_rules', 'training_rules.id', 'training_assignments.rule_id')
    .leftJoin('teams', 'teams.id', 'training_assignments.team_id')
    .select([
      'training_assignments.id',
      'training_assignments.module_id',
      'training_assignments.rule_id',
      'training_rules.name as rule_name',
      'training_assignments.team_id',
      'teams.name as team_name',
      'training_assignments.finding_id',
      'training_assignments.assigned_at',
      'training_assignments.due_at',
      'training_assignments.completed_at',
    ])
    .where('training_assignments.user_id', '=', userId)
    .execute();
  const sorted = rows.sort((a, b) => {
    const openA = a.completed_at === null;
    const openB = b.completed_at === null;
    if (openA !== openB) return openA ? -1 : 1;
    if (openA) return Number(a.due_at) - Number(b.due_at) || a.module_id.localeCompare(b.module_id);
    return (
      Number(b.completed_at) - Number(a.completed_at) || a.module_id.localeCompare(b.module_id)
    );
  });
  return sorted.map((r) => ({
    id: r.id,
    moduleId: r.module_id,
    title: catalog.byId(r.module_id)?.title ?? null,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    teamId: r.team_id,
    teamName: r.team_name,
    findingId: r.finding_id,
    assignedAt: iso(r.assigned_at),
    dueAt: iso(r.due_at),
    completedAt: r.completed_at === null ? null : iso(r.completed_at),
    overdue: r.completed_at === null && Number(r.due_at) < now,
  }));
}

/** One member's assignments in a team, counted. */
export interface MemberAssignments {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly open: number;
  readonly overdue: number;
  readonly completed: number;
}

/**
 * A team's assignments per enabled member (assignments made through this team), by
 * display name; undefined when the team does not exist.
 */
export async function teamAssignments(database: HubDatabase, teamId: string, now: number) {
  const db = trainingDb(database.db);
  const team = await db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (team === undefined) return undefined;
  const members = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.username', 'users.display_name'])
    .where('memberships.team_id', '=', teamId)
    .where('users.disabled', '=', 0)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
  const rows = await db
    .selectFrom('training_assignments')
    .select(['user_id', 'due_at', 'completed_at'])
    .where('team_id', '=', teamId)
    .execute();
  const out = new Map<string, { open: number; overdue: number; completed: number }>(
    members.map((m) => [m.id, { open: 0, overdue: 0, completed: 0 }]),
  );
  for (const row of rows) {
    const counts = out.get(row.user_id);
    if (counts === undefined) continue;
    if (row.completed_at !== null) counts.completed += 1;
    else {
      counts.open += 1;
      if (Number(row.due_at) < now) counts.overdue += 1;
    }
  }
  const list: MemberAssignments[] = members.map((m) => ({
    userId: m.id,
    username: m.username,
    displayName: m.display_name,
    ...(out.get(m.id) as { open: number; overdue: number; completed: number }),
  }));
  const sum = (key: 'open' | 'overdue' | 'completed') => list.reduce((s, m) => s + m[key], 0);
  return {
    teamId: team.id,
    teamName: team.name,
    totals: { open: sum('open'), overdue: sum('overdue'), completed: sum('completed') },
    members: list,
  };
}
