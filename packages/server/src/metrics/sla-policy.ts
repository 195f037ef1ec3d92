/**
 * Days allowed to fix a finding of each severity when neither the team nor the
 * organisation has an SLA policy for it. `info` has no SLA.
 */
export const DEFAULT_SLA_DAYS: Readonly<Record<'critical' | 'high' | 'medium' | 'low', number>> = {
  critical: 7,
  high: 30,
  medium: 90,
  low: 180,
};
