import { z } from 'zod';
import { recordAudit } from '../auth/audit.js';
import type { HubDatabase } from '../db/database.js';
import { DEFAULT_ESCALATE_AFTER_HOURS } from './migration.js';
import { type DeskDb, deskDb } from './tables.js';

/** Hours a question may wait for its team's champions before it is escalated: 1 to 720. */
export const EscalateAfterHoursSchema = z.number().int().min(1).max(720);

/** The desk's settings, as the API shows them. */
export interface DeskSettings {
  readonly escalateAfterHours: number;
  /** ISO 8601; null while the defaults stand. */
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
}

/** Reads the settings (the defaults if the row were ever missing). */
export async function getDeskSettings(db: DeskDb | HubDatabase): Promise<DeskSettings> {
  const kysely = 'dialect' in db ? deskDb(db.db) : db;
  const row = await kysely
    .selectFrom('desk_settings')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirst();
  return {
    escalateAfterHours: row?.escalate_after_hours ?? DEFAULT_ESCALATE_AFTER_HOURS,
    updatedAt: row?.updated_at == null ? null : new Date(Number(row.updated_at)).toISOString(),
    updatedBy: row?.updated_by ?? null,
  };
}

/** Sets the escalation delay, audit-logged in the same transaction; returns the settings. */
export async function setDeskSettings(
  database: HubDatabase,
  options: { readonly escalateAfterHours: number; readonly actorId: string; readonly now: number },
): Promise<DeskSettings> {
  return database.db.transaction().execute(async (trx) => {
    const db = deskDb(trx);
    const previous = await getDeskSettings(db);
    const values = {
      escalate_after_hours: options.escalateAfterHours,
      updated_at: options.now,
      updated_by: options.actorId,
    };
    await db
      .insertInto('desk_settings')
      .values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
    await recordAudit(trx, options.now, {
      actorId: options.actorId,
      action: 'desk.settings.set',
      targetType: 'desk_settings',
      targetId: null,
      data: {
        escalateAfterHours: options.escalateAfterHours,
        previous: previous.escalateAfterHours,
      },
    });
    return getDeskSettings(db);
  });
}
