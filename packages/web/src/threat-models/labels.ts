import type { StrideCategory, ThreatStatus } from './types.js';

export const STRIDE_LABELS: Readonly<Record<StrideCategory, string>> = {
  spoofing: 'Spoofing',
  tampering: 'Tampering',
  repudiation: 'Repudiation',
  'information-disclosure': 'Information disclosure',
  'denial-of-service': 'Denial of service',
  'elevation-of-privilege': 'Elevation of privilege',
};

export const THREAT_STATUS_LABELS: Readonly<Record<ThreatStatus, string>> = {
  open: 'Open',
  mitigated: 'Mitigated',
  accepted: 'Accepted',
};

/** A STRIDE category's label; the id itself for one this dashboard does not know. */
export function strideLabel(stride: string): string {
  return (STRIDE_LABELS as Record<string, string>)[stride] ?? stride;
}

/** A decision's label; the status itself for one this dashboard does not know. */
export function threatStatusLabel(status: string): string {
  return (THREAT_STATUS_LABELS as Record<string, string>)[status] ?? status;
}

export const ORIGIN_LABELS: Readonly<Record<string, string>> = {
  ci: 'from CI',
  ui: 'from the dashboard',
  api: 'through the API',
};
