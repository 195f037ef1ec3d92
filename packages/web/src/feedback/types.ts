/** The rule feedback API's shapes (`docs/hub-rule-feedback.md`). */

export type FeedbackKind =
  | 'noisy'
  | 'false_positive'
  | 'missed_vulnerability'
  | 'unclear_message'
  | 'other';
export type FeedbackStatus = 'open' | 'acknowledged' | 'fixed' | 'wont_fix';

export interface Person {
  readonly id: string;
  readonly username: string;
}

export interface RuleFeedback {
  readonly id: string;
  readonly scanner: string;
  readonly ruleId: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly author: Person | null;
  readonly kind: FeedbackKind;
  readonly body: string;
  readonly bodyHtml: string;
  readonly findingId: string | null;
  readonly status: FeedbackStatus;
  readonly response: string | null;
  readonly responseHtml: string | null;
  readonly respondedBy: Person | null;
  readonly respondedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface FeedbackPage {
  readonly feedback: readonly RuleFeedback[];
  readonly total: number;
}

export interface RuleStats {
  readonly scanner: string;
  readonly ruleId: string;
  readonly detected: number;
  readonly triaged: number;
  readonly falsePositives: number;
  readonly acceptedRisks: number;
  readonly fpRate: number | null;
  readonly fpShareOfTriaged: number | null;
  readonly sampleSize: number;
  readonly lowSample: boolean;
  readonly openFeedback: number;
  readonly feedback: number;
  readonly topTeams: readonly { teamId: string; teamName: string; count: number }[];
}

export interface RuleStatsAnswer {
  readonly from: string;
  readonly to: string;
  readonly rules: readonly RuleStats[];
  readonly total: number;
}

export interface RuleAnswer {
  readonly scanner: string;
  readonly ruleId: string;
  readonly from: string;
  readonly to: string;
  readonly stats: RuleStats | null;
  readonly feedback: readonly RuleFeedback[];
  readonly total: number;
}

export interface NewFeedback {
  readonly scanner: string;
  readonly ruleId: string;
  readonly teamId: string;
  readonly kind: FeedbackKind;
  readonly body: string;
  readonly findingId?: string;
}

export const FEEDBACK_KINDS: readonly FeedbackKind[] = [
  'noisy',
  'false_positive',
  'missed_vulnerability',
  'unclear_message',
  'other',
];

export const FEEDBACK_KIND_LABELS: Record<FeedbackKind, string> = {
  noisy: 'Noisy',
  false_positive: 'False positive',
  missed_vulnerability: 'Missed vulnerability',
  unclear_message: 'Unclear message',
  other: 'Other',
};

export const FEEDBACK_STATUS_LABELS: Record<FeedbackStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  fixed: 'Fixed',
  wont_fix: 'Won’t fix',
};

/** The hub's moves (`FEEDBACK_TRANSITIONS`): only these are offered. */
export const FEEDBACK_TRANSITIONS: Record<FeedbackStatus, readonly FeedbackStatus[]> = {
  open: ['acknowledged', 'fixed', 'wont_fix'],
  acknowledged: ['fixed', 'wont_fix'],
  fixed: ['acknowledged'],
  wont_fix: ['acknowledged'],
};

/** The statistics windows offered, in days. */
export const WINDOWS = [30, 90, 365] as const;
export type WindowDays = (typeof WINDOWS)[number];

export function parseWindow(value: string | null): WindowDays {
  return WINDOWS.find((w) => String(w) === value) ?? 90;
}

/** The dashboard path of a rule's page (rule ids may hold slashes: encoded). */
export function rulePath(scanner: string, ruleId: string): string {
  return `/rules/${encodeURIComponent(scanner)}/${encodeURIComponent(ruleId)}`;
}
