import type { JobDefinition } from '../jobs/job-definition.js';
import { escalateOverdueQuestions } from './desk-store.js';

/**
 * `desk-escalation` (5 min / every 5 minutes): questions unanswered by their team's
 * champions for longer than `desk_settings.escalate_after_hours` go to the central security
 * team, with a `question.escalated` webhook notification ({@link escalateOverdueQuestions}).
 * Outcome: `{ escalated }`.
 */
export const deskEscalationJob: JobDefinition = {
  name: 'desk-escalation',
  everyMs: 5 * 60_000,
  cron: '*/5 * * * *',
  async run(hub, clock) {
    return escalateOverdueQuestions(hub, clock());
  },
};
