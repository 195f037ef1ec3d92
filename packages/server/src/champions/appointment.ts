import { recordAudit } from '../auth/audit.js';
import { notFound } from '../auth/input.js';
import type { HubDatabase } from '../db/database.js';
import { championDb } from './tables.js';

/** What {@link appointChampion} and {@link dismissChampion} need. */
export interface AppointmentOptions {
  readonly teamId: string;
  readonly userId: string;
  /** Who made the change, for the audit log. */
  readonly actorId: string;
  readonly now: number;
}

/** The membership after an appointment or a dismissal. */
export interface AppointmentResult {
  readonly teamId: string;
  readonly userId: string;
  readonly role: 'champion' | 'developer';
  /** Whether the call changed anything (appointing a champion again changes nothing). */
  readonly changed: boolean;
}

/**
 * Appoints a user champion of a team: their membership's role becomes `champion`, and a
 * user who was not in the team joins it as its champion. A disabled account cannot be
 * appointed (404, like an unknown user: the directory only lists people one can ask).
 * Audit-logged, in one transaction.
 */
export async function appointChampion(
  database: HubDatabase,
  options: AppointmentOptions,
): Promise<AppointmentResult> {
  const { teamId, userId, actorId, now } = options;
  return database.db.transaction().execute(async (trx) => {
    const db = championDb(trx);
    const team = await db
      .selectFrom('teams')
      .select('id')
      .where('id', '=', teamId)
      .executeTakeFirst();
    if (team === undefined) throw notFound('team');
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('id', '=', userId)
      .where('disabled', '=', 0)
      .executeTakeFirst();
    if (user === undefined) throw notFound('user');
    const membership = await db
      .selectFrom('memberships')
      .select('role')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (membership?.role === 'champion')
      return { teamId, userId, role: 'champion', changed: false };
    await db
      .insertInto('memberships')
      .values({ team_id: teamId, user_id: userId, role: 'champion', created_at: now })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ role: 'champion' }))
      .execute();
    await recordAudit(trx, now, {
      actorId,
      action: 'champion.appoint',
      targetType: 'team',
      targetId: teamId,
      data: { userId, previousRole: membership?.role ?? null },
    });
    return { teamId, userId, role: 'champion', changed: true };
  });
}

/**
 * Ends a user's champion role in a team: they stay in the team as a developer (their
 * expertise tags stay stored but are no longer shown: the directory reads champions only).
 * 404 when the user is not a champion of the team. Audit-logged, in one transaction.
 */
export async function dismissChampion(
  database: HubDatabase,
  options: AppointmentOptions,
): Promise<AppointmentResult> {
  const { teamId, userId, actorId, now } = options;
  return database.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('memberships')
      .set({ role: 'developer' })
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .where('role', '=', 'champion')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('champion');
    await recordAudit(trx, now, {
      actorId,
      action: 'champion.dismiss',
      targetType: 'team',
      targetId: teamId,
      data: { userId },
    });
    return { teamId, userId, role: 'developer', changed: true };
  });
}
