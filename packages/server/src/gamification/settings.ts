import { recordAudit } from '../auth/audit.js';
import type { HubDatabase } from '../db/database.js';
import { gamificationDb } from './tables.js';

/** Whether a person opted out of the leaderboards (no row: they did not). */
export async function isOptedOut(database: HubDatabase, userId: string): Promise<boolean> {
  const row = await gamificationDb(database.db)
    .selectFrom('gamification_settings')
    .select('opted_out')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined && Number(row.opted_out) === 1;
}

/**
 * Sets a person's leaderboard opt-out (an upsert), audit-logged in the same transaction.
 * An opted-out person is left out of every leaderboard; their points are still theirs.
 */
export async function setOptOut(
  database: HubDatabase,
  input: { readonly userId: string; readonly optOut: boolean; readonly now: number },
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    const value = input.optOut ? 1 : 0;
    await gamificationDb(trx)
      .insertInto('gamification_settings')
      .values({ user_id: input.userId, opted_out: value, updated_at: input.now })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({ opted_out: value, updated_at: input.now }),
      )
      .execute();
    await recordAudit(trx, input.now, {
      actorId: input.userId,
      action: input.optOut ? 'gamification.opt_out' : 'gamification.opt_in',
      targetType: 'user',
      targetId: input.userId,
    });
  });
}
