/**
 * The finding events that are a person's triage work (see lifecycle/triage-actions.ts):
 * false positive, accepted risk, reopen, assignment, comment, severity override. A
 * `reopened` written by a scan has no actor, so counting by actor leaves it out.
 */
export const TRIAGE_EVENT_TYPES = [
  'false_positive',
  'risk_accepted',
  'reopened',
  'assigned',
  'commented',
  'severity_overridden',
] as const;
