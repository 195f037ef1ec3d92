import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { ApiError } from '../api-error.js';
import { recordAudit } from '../auth/audit.js';
import { notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { type TrainingDatabase, type TrainingRuleTable, trainingDb } from './tables.js';

// Training rules: "a finding of CWE-89, high or worse, in team X assigns the module
// sql-injection, due in 14 days". Written by security and admin, audit-logged; applied by
// the `training-assignments` job (assignment-job.ts).

/** The severities a rule may ask for, the most severe first. */
export const RULE_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];

/** The effective severities at or above `min`. */
export function severitiesFrom(min: RuleSeverity): RuleSeverity[] {
  return RULE_SEVERITIES.slice(0, RULE_SEVERITIES.indexOf(min) + 1);
}

/** A rule as the API shows it. */
export interface TrainingRule {
  readonly id: string;
  readonly name: string;
  readonly cwe: string;
  readonly minSeverity: RuleSeverity;
  readonly moduleId: string;
  readonly teamId: string | null;
  readonly dueDays: number;
  readonly active: boolean;
  readonly createdBy: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the assignment job last applied the rule; null before its first run. */
  readonly checkedUntil: string | null;
}

/** The fields a rule is made of. */
export interface RuleFields {
  readonly name: string;
  readonly cwe: string;
  readonly minSeverity: RuleSeverity;
  readonly moduleId: string;
  readonly teamId: string | null;
  readonly dueDays: number;
  readonly active: boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function toRule(row: TrainingRuleTable): TrainingRule {
  return {
    id: row.id,
    name: row.name,
    cwe: row.cwe,
    minSeverity: row.min_severity,
    moduleId: row.module_id,
    teamId: row.team_id,
    dueDays: row.due_days,
    active: row.active === 1,
    createdBy: row.created_by,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    checkedUntil: iso(row.checked_until),
  };
}

/** Every rule, active first, then by name. */
export async function listRules(database: HubDatabase): Promise<TrainingRule[]> {
  const rows = await trainingDb(database.db)
    .selectFrom('training_rules')
    .selectAll()
    .orderBy('active', 'desc')
    .orderBy('name')
    .orderBy('id')
    .execute();
  return rows.map(toRule);
}

async function ensureTeam(trx: Transaction<TrainingDatabase>, teamId: string | null) {
  if (teamId === null) return;
  const team = await trx
    .selectFrom('teams')
    .select('id')
    .where('id', '=', teamId)
    .executeTakeFirst();
  if (team === undefined) throw new ApiError(400, 'VALIDATION', 'body.teamId: no such team');
}

const audit = (trx: Transaction<TrainingDatabase>) => trx as unknown as Transaction<Database>;

/** Creates a rule (audit `training_rule.create`). */
export async function createRule(
  database: HubDatabase,
  fields: RuleFields,
  actorId: string,
  now: number,
): Promise<TrainingRule> {
  return trainingDb(database.db)
    .transaction()
    .execute(async (trx) => {
      await ensureTeam(trx, fields.teamId);
      const row: TrainingRuleTable = {
        id: randomUUID(),
        name: fields.name,
        cwe: fields.cwe,
        min_severity: fields.minSeverity,
        module_id: fields.moduleId,
        team_id: fields.teamId,
        due_days: fields.dueDays,
        active: fields.active ? 1 : 0,
        created_by: actorId,
        created_at: now,
        updated_at: now,
        checked_until: null,
      };
      await trx.insertInto('training_rules').values(row).execute();
      const rule = toRule(row);
      await recordAudit(audit(trx), now, {
        actorId,
        action: 'training_rule.create',
        targetType: 'training_rule',
        targetId: row.id,
        data: { ...fields },
      });
      return rule;
    });
}

/** Changes a rule (audit `training_rule.update` with the changed fields). 404 when missing. */
export async function updateRule(
  database: HubDatabase,
  ruleId: string,
  changes: { readonly [K in keyof RuleFields]?: RuleFields[K] | undefined },
  actorId: string,
  now: number,
): Promise<TrainingRule> {
  return trainingDb(database.db)
    .transaction()
    .execute(async (trx) => {
      const found = await trx
        .selectFrom('training_rules')
        .selectAll()
        .where('id', '=', ruleId)
        .executeTakeFirst();
      if (found === undefined) throw notFound('training rule');
      if (changes.teamId !== undefined) await ensureTeam(trx, changes.teamId);
      const set: Partial<TrainingRuleTable> = { updated_at: now };
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.cwe !== undefined) set.cwe = changes.cwe;
      if (changes.minSeverity !== undefined) set.min_severity = changes.minSeverity;
      if (changes.moduleId !== undefined) set.module_id = changes.moduleId;
      if (changes.teamId !== undefined) set.team_id = changes.teamId;
      if (changes.dueDays !== undefined) set.due_days = changes.dueDays;
      if (changes.active !== undefined) set.active = changes.active ? 1 : 0;
      await trx.updateTable('training_rules').set(set).where('id', '=', ruleId).execute();
      await recordAudit(audit(trx), now, {
        actorId,
        action: 'training_rule.update',
        targetType: 'training_rule',
        targetId: ruleId,
        data: { ...changes },
      });
      return toRule({ ...found, ...set });
    });
}

/**
 * Deletes a rule (audit `training_rule.delete`). The assignments it made stay, without
 * their rule (`ruleId: null`): they are the people's record. 404 when missing.
 */
export async function deleteRule(
  database: HubDatabase,
  ruleId: string,
  actorId: string,
  now: number,
): Promise<void> {
  await trainingDb(database.db)
    .transaction()
    .execute(async (trx) => {
      const found = await trx
        .selectFrom('training_rules')
        .selectAll()
        .where('id', '=', ruleId)
        .executeTakeFirst();
      if (found === undefined) throw notFound('training rule');
      await trx
        .updateTable('training_assignments')
        .set({ rule_id: null })
        .where('rule_id', '=', ruleId)
        .execute();
      await trx.deleteFrom('training_rules').where('id', '=', ruleId).execute();
      await recordAudit(audit(trx), now, {
        actorId,
        action: 'training_rule.delete',
        targetType: 'training_rule',
        targetId: ruleId,
        data: { name: found.name, cwe: found.cwe, moduleId: found.module_id },
      });
    });
}
