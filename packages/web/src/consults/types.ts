/** The consult API's shapes (`docs/hub-consults.md`). */

export type ConsultKind = 'design_review' | 'threat_model';
export type ConsultStatus =
  | 'requested'
  | 'triaged'
  | 'scheduled'
  | 'in_progress'
  | 'done'
  | 'declined'
  | 'cancelled';
export type SlaState = 'ok' | 'due_soon' | 'breached';

export interface ConsultPerson {
  readonly id: string;
  readonly username: string;
}

export interface ConsultSla {
  readonly triageDueAt: string;
  readonly completionDueAt: string;
  readonly breached: boolean;
  readonly state: SlaState;
}

/** A consult in the queue (no markdown bodies). */
export interface ConsultSummary {
  readonly id: string;
  readonly teamId: string;
  readonly teamName: string;
  readonly projectId: string | null;
  readonly requestedBy: ConsultPerson | null;
  readonly kind: ConsultKind;
  readonly service: string;
  readonly wantedBy: string | null;
  readonly links: readonly string[];
  readonly status: ConsultStatus;
  readonly owner: ConsultPerson | null;
  readonly dueAt: string | null;
  readonly outcomeThreatModel: { readonly projectId: string; readonly revision: number } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly triagedAt: string | null;
  readonly closedAt: string | null;
  readonly sla: ConsultSla;
}

export type ConsultEventType = 'created' | 'status' | 'owner' | 'due' | 'outcome' | 'comment';

export interface ConsultEvent {
  readonly id: number;
  readonly at: string;
  readonly actor: ConsultPerson | null;
  readonly type: ConsultEventType;
  readonly data: Record<string, unknown>;
  /** The hub's sanitised rendering of a comment's markdown. */
  readonly textHtml?: string;
}

export interface ConsultDetail extends ConsultSummary {
  readonly description: string;
  readonly descriptionHtml: string;
  readonly outcome: string | null;
  readonly outcomeHtml: string | null;
  readonly events: readonly ConsultEvent[];
}

export interface ConsultPage {
  readonly consults: readonly ConsultSummary[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface SlaTargets {
  readonly triageDays: number;
  readonly completionDays: number;
}

export interface ConsultSettings {
  readonly settings: Record<ConsultKind, SlaTargets>;
  readonly defaults: Record<ConsultKind, SlaTargets>;
}

export interface NewConsult {
  readonly teamId: string;
  readonly projectId?: string;
  readonly kind: ConsultKind;
  readonly service: string;
  readonly description: string;
  readonly wantedBy?: string;
  readonly links: string[];
}

export interface ConsultChange {
  readonly status?: ConsultStatus;
  readonly ownerId?: string | null;
  readonly dueAt?: string | null;
  readonly outcome?: string | null;
  readonly outcomeThreatModel?: { projectId: string; revision: number } | null;
}

/** The queue's filters, as the URL carries them. */
export interface ConsultFilters {
  readonly status?: ConsultStatus | undefined;
  readonly kind?: ConsultKind | undefined;
  readonly teamId?: string | undefined;
  readonly mine?: boolean;
  readonly open?: boolean;
}

export const CONSULT_KINDS: readonly ConsultKind[] = ['design_review', 'threat_model'];
export const CONSULT_STATUSES: readonly ConsultStatus[] = [
  'requested',
  'triaged',
  'scheduled',
  'in_progress',
  'done',
  'declined',
  'cancelled',
];

export const KIND_LABELS: Record<ConsultKind, string> = {
  design_review: 'Design review',
  threat_model: 'Threat-modelling session',
};

export const CONSULT_STATUS_LABELS: Record<ConsultStatus, string> = {
  requested: 'Requested',
  triaged: 'Triaged',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  done: 'Done',
  declined: 'Declined',
  cancelled: 'Cancelled',
};

export const SLA_LABELS: Record<SlaState, string> = {
  ok: 'On track',
  due_soon: 'Due soon',
  breached: 'Breached',
};

/** The hub's status machine (`CONSULT_TRANSITIONS`): only these moves are offered. */
export const CONSULT_TRANSITIONS: Record<ConsultStatus, readonly ConsultStatus[]> = {
  requested: ['triaged', 'declined', 'cancelled'],
  triaged: ['scheduled', 'in_progress', 'declined', 'cancelled'],
  scheduled: ['in_progress', 'triaged', 'declined', 'cancelled'],
  in_progress: ['done', 'declined', 'cancelled'],
  done: [],
  declined: [],
  cancelled: [],
};

export function isClosedStatus(status: ConsultStatus): boolean {
  return status === 'done' || status === 'declined' || status === 'cancelled';
}

export function parseKind(value: string | null): ConsultKind | undefined {
  return CONSULT_KINDS.find((k) => k === value);
}

export function parseStatus(value: string | null): ConsultStatus | undefined {
  return CONSULT_STATUSES.find((s) => s === value);
}

/**
 * The links field, one URL a line: blank lines dropped; `error` names the first line that
 * is not an absolute http(s) URL (the hub refuses those too), or too many lines.
 */
export function parseLinks(text: string): { links: string[]; error?: string } {
  const links = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const link of links) {
    let ok = false;
    try {
      const url = new URL(link);
      ok = url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) return { links, error: `Not an http(s) URL: ${link.slice(0, 80)}` };
    if (link.length > 2000) return { links, error: 'A link is longer than 2000 characters.' };
  }
  if (links.length > 10) return { links, error: 'At most 10 links.' };
  return { links };
}
