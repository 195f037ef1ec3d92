import type { JobDefinition } from '../jobs/job-definition.js';
import { applyTrainingRules } from './assignments.js';

/**
 * `training-assignments`: every 15 minutes, applies the active training rules to the
 * findings (see {@link applyTrainingRules}) and marks assignments completed for people who
 * passed the module. Idempotent; safe on several instances (a partial unique index keeps
 * one open assignment per person and module). Outcome: `{ assigned, completed }`.
 */
export const trainingAssignmentsJob: JobDefinition = {
  name: 'training-assignments',
  everyMs: 15 * 60_000,
  cron: '*/15 * * * *',
  run: (hub, clock) => applyTrainingRules(hub, clock()),
};
