/** Words the findings pages show for the hub's values. All of it is plain text. */
import type { Location } from '../api/types.js';

export const SEVERITY_LABELS: Readonly<Record<string, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export const SCANNER_LABELS: Readonly<Record<string, string>> = {
  sast: 'SAST (code)',
  secrets: 'Secrets',
  sca: 'Dependencies (SCA)',
  iac: 'Infrastructure as code',
  dast: 'DAST (running app)',
};

/** The hub's stages (`dev`, not `local`), with `local` kept for older data. */
export const FINDING_STAGE_LABELS: Readonly<Record<string, string>> = {
  dev: 'Development',
  local: 'Development',
  pr: 'Pull request',
  main: 'Main branch',
  production: 'Production',
};

export function stageLabel(stage: string | null | undefined): string {
  if (!stage) return '—';
  return FINDING_STAGE_LABELS[stage] ?? stage;
}

export function scannerLabel(scanner: string): string {
  return SCANNER_LABELS[scanner] ?? scanner;
}

/**
 * Where a finding is, in one line of text: `path:line`, `package@version`, or `METHOD url`.
 * Shown as text only: a URL here is never a link.
 */
export function locationText(location: Location | null | undefined): string {
  if (!location) return '—';
  switch (location.kind) {
    case 'code':
      return `${location.path}:${location.region.startLine}`;
    case 'package':
      return `${location.name}@${location.version}`;
    case 'url':
      return `${location.method} ${location.url}`;
    default:
      return '—';
  }
}

/** What each timeline event type is called. */
export const EVENT_LABELS: Readonly<Record<string, string>> = {
  detected: 'Detected',
  seen: 'Seen at a new stage',
  fixed: 'Fixed',
  reopened: 'Reopened',
  false_positive: 'Marked false positive',
  risk_accepted: 'Risk accepted',
  risk_expired: 'Accepted risk expired',
  assigned: 'Assigned',
  commented: 'Comment',
  severity_overridden: 'Severity overridden',
};

export function eventLabel(type: string): string {
  return EVENT_LABELS[type] ?? type.replaceAll('_', ' ');
}
