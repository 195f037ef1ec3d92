import { expireAcceptedRisks } from '../lifecycle/triage-rules.js';
import type { JobDefinition } from './job-definition.js';

/**
 * `expire-risks`: ends what has expired — organisation triage rules past their expiry
 * (their findings revert, or pass to the next matching rule) and individually accepted
 * risks past their date (back to open). Outcome: `{ rules, findings }`.
 */
export const expireRisksJob: JobDefinition = {
  name: 'expire-risks',
  everyMs: 5 * 60_000,
  cron: '* * * * *',
  async run(hub, clock) {
    const { rules, findings } = await expireAcceptedRisks(hub, clock());
    return { rules, findings };
  },
};
