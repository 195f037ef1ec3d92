import {
  STRIDE_CATEGORIES,
  type StrideCategory,
  THREAT_STATUSES,
  type ThreatStatus,
  type ThreatView,
} from './types.js';

/** The threat list's filters; undefined shows all. */
export interface ThreatFilters {
  readonly status?: ThreatStatus | undefined;
  readonly stride?: StrideCategory | undefined;
}

/** The filters in a URL's query (`?status=open&stride=spoofing`); unknown values are ignored. */
export function readThreatFilters(params: URLSearchParams): ThreatFilters {
  const status = params.get('status');
  const stride = params.get('stride');
  return {
    status: (THREAT_STATUSES as readonly string[]).includes(status ?? '')
      ? (status as ThreatStatus)
      : undefined,
    stride: (STRIDE_CATEGORIES as readonly string[]).includes(stride ?? '')
      ? (stride as StrideCategory)
      : undefined,
  };
}

/** The threats that pass the filters, in the hub's order (worst first). */
export function filterThreats(
  threats: readonly ThreatView[],
  filters: ThreatFilters,
): readonly ThreatView[] {
  return threats.filter(
    (t) =>
      (filters.status === undefined || t.status === filters.status) &&
      (filters.stride === undefined || t.stride === filters.stride),
  );
}

/** What a threat's decision says, as a label and the team's words; undefined when none. */
export function decisionText(
  threat: ThreatView,
): { readonly label: string; readonly text: string } | undefined {
  if (threat.status === 'mitigated' && threat.evidence)
    return { label: 'Evidence', text: threat.evidence };
  if (threat.status === 'accepted' && threat.reason)
    return { label: 'Reason', text: threat.reason };
  if (threat.status === 'open' && threat.note) return { label: 'Note', text: threat.note };
  return undefined;
}
