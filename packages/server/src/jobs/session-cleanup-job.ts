import type { JobDefinition } from './job-definition.js';

/**
 * `session-cleanup`: deletes the sessions that have ended (idle or absolute expiry: a
 * session's `expires_at` never passes its absolute limit, see auth/authenticate.ts). Sign-in
 * throttling is kept in memory per instance, so there is nothing of it to clean here.
 * Outcome: `{ sessions }`.
 */
export const sessionCleanupJob: JobDefinition = {
  name: 'session-cleanup',
  everyMs: 60 * 60_000,
  cron: '17 * * * *',
  async run(hub, clock) {
    const result = await hub.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', clock())
      .executeTakeFirst();
    return { sessions: Number(result.numDeletedRows) };
  },
};
