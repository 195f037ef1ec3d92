/** The hub's answers about a project's threat model (see /api/docs, tag threat-models). */

export const THREAT_STATUSES = ['open', 'mitigated', 'accepted'] as const;
/** What the team decided about a threat. */
export type ThreatStatus = (typeof THREAT_STATUSES)[number];

export const STRIDE_CATEGORIES = [
  'spoofing',
  'tampering',
  'repudiation',
  'information-disclosure',
  'denial-of-service',
  'elevation-of-privilege',
] as const;
/** One STRIDE category. */
export type StrideCategory = (typeof STRIDE_CATEGORIES)[number];

export type ThreatSeverity = 'critical' | 'high' | 'medium' | 'low';

/** One threat the hub's library gives for the model, with its decision. */
export interface ThreatView {
  /** `<rule id>@<element or flow id>`. */
  readonly id: string;
  readonly ruleId: string;
  readonly title: string;
  readonly stride: StrideCategory;
  readonly severity: ThreatSeverity;
  readonly target: {
    readonly kind: 'element' | 'flow';
    readonly id: string;
    readonly name: string;
  };
  readonly status: ThreatStatus;
  readonly evidence?: string;
  readonly reason?: string;
  readonly note?: string | undefined;
  readonly cwe: readonly string[];
  readonly capec: readonly string[];
  readonly mitigations: readonly string[];
  /** Markdown from the library, shown as plain text. */
  readonly description: string;
}

export interface ThreatSummary {
  readonly total: number;
  readonly byStatus: Readonly<Record<ThreatStatus, number>>;
  readonly openBySeverity: Readonly<Record<ThreatSeverity, number>>;
}

/** `GET /api/v1/projects/:id/threat-model` (and the answer of a decision). */
export interface ThreatModelView {
  readonly revision: number;
  readonly name: string;
  readonly createdAt: string;
  readonly origin: 'ci' | 'ui' | 'api';
  readonly createdBy: string | null;
  readonly yaml: string;
  /** The document; the page reads only its description. */
  readonly model: { readonly description?: string };
  readonly threats: readonly ThreatView[];
  readonly summary: ThreatSummary;
  readonly unmatchedDecisions: readonly string[];
  /** In the answer of a write only. */
  readonly unchanged?: boolean;
}

/** The body of `PUT …/threat-model/threats/:threatId`. */
export type ThreatDecision =
  | { readonly status: 'mitigated'; readonly evidence: string }
  | { readonly status: 'accepted'; readonly reason: string }
  | { readonly status: 'open'; readonly note?: string };
