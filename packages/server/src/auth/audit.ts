import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** One change, for the audit log: who did what to which thing. */
export interface AuditEntry {
  /** The user who acted; null for the system (bootstrap) or an anonymous attempt. */
  readonly actorId: string | null;
  /** What happened, e.g. `team.create`, `token.revoke`, `auth.login`. */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  /** Details (never a secret). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Appends an entry to the audit log (inside the caller's transaction when given one). */
export async function recordAudit(
  db: Kysely<Database> | Transaction<Database>,
  at: number,
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      data: JSON.stringify(entry.data ?? {}),
    })
    .execute();
}
