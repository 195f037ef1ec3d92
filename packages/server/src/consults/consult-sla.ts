import type { ConsultKind, ConsultStatus } from './tables.js';

/** The kinds of consult, in the order the settings list them. */
export const CONSULT_KINDS = ['design_review', 'threat_model'] as const satisfies ConsultKind[];

/** The statuses a consult can have, from request to closure. */
export const CONSULT_STATUSES = [
  'requested',
  'triaged',
  'scheduled',
  'in_progress',
  'done',
  'declined',
  'cancelled',
] as const satisfies ConsultStatus[];

/** The statuses that close a consult. */
export const CLOSED_STATUSES: readonly ConsultStatus[] = ['done', 'declined', 'cancelled'];

/** Whether a status closes the consult (no way back). */
export function isClosed(status: ConsultStatus): boolean {
  return CLOSED_STATUSES.includes(status);
}

/**
 * The allowed moves. Security works a consult forward; `scheduled` may go back to
 * `triaged` (the session is off the calendar again); every open status may be declined or
 * cancelled; closed statuses are final (file a new consult instead).
 */
export const CONSULT_TRANSITIONS: Readonly<Record<ConsultStatus, readonly ConsultStatus[]>> = {
  requested: ['triaged', 'declined', 'cancelled'],
  triaged: ['scheduled', 'in_progress', 'declined', 'cancelled'],
  scheduled: ['in_progress', 'triaged', 'declined', 'cancelled'],
  in_progress: ['done', 'declined', 'cancelled'],
  done: [],
  declined: [],
  cancelled: [],
};

/** Whether a consult may move from one status to another. */
export function canTransition(from: ConsultStatus, to: ConsultStatus): boolean {
  return CONSULT_TRANSITIONS[from].includes(to);
}

/** The SLA targets of one kind, in calendar days from the request. */
export interface ConsultSlaTargets {
  /** Time to the first response (leaving `requested`). */
  readonly triageDays: number;
  /** Time to closure (done or declined). */
  readonly completionDays: number;
}

/** The targets when security has not changed them. */
export const DEFAULT_CONSULT_SLA: Readonly<Record<ConsultKind, ConsultSlaTargets>> = {
  design_review: { triageDays: 2, completionDays: 14 },
  threat_model: { triageDays: 2, completionDays: 21 },
};

/** The SLA targets of every kind. */
export type ConsultSlaSettings = Readonly<Record<ConsultKind, ConsultSlaTargets>>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a consult stands against its SLA. */
export type ConsultSlaState = 'ok' | 'due_soon' | 'breached';

/** A consult's SLA, as the API gives it. */
export interface ConsultSla {
  /** ISO 8601: the first response is due by then. */
  readonly triageDueAt: string;
  /** ISO 8601: the consult's `due_at` when set, else the kind's completion target. */
  readonly completionDueAt: string;
  readonly breached: boolean;
  readonly state: ConsultSlaState;
}

/** The consult fields the SLA depends on. */
export interface ConsultSlaInput {
  readonly kind: ConsultKind;
  readonly status: ConsultStatus;
  readonly created_at: number;
  readonly due_at: number | null;
  readonly triaged_at: number | null;
  readonly closed_at: number | null;
}

/** The two deadlines of a consult (epoch ms). */
export function consultDeadlines(
  consult: Pick<ConsultSlaInput, 'kind' | 'created_at' | 'due_at'>,
  settings: ConsultSlaSettings,
): { triageDueAt: number; completionDueAt: number } {
  const targets = settings[consult.kind];
  return {
    triageDueAt: consult.created_at + targets.triageDays * DAY_MS,
    completionDueAt: consult.due_at ?? consult.created_at + targets.completionDays * DAY_MS,
  };
}

/**
 * A consult's SLA at `now`. Breached when the first response came (or, still missing, is)
 * after the triage deadline, or the consult closed (or, still open, is) after the
 * completion deadline; a closed consult is judged at its closure. `due_soon`: open, not
 * breached, and less than a quarter of the pending target's window is left (the triage
 * window while nobody responded, else the completion window).
 */
export function consultSla(
  consult: ConsultSlaInput,
  settings: ConsultSlaSettings,
  now: number,
): ConsultSla {
  const { triageDueAt, completionDueAt } = consultDeadlines(consult, settings);
  const closed = isClosed(consult.status);
  const at = closed ? (consult.closed_at ?? now) : now;
  const respondedAt = consult.triaged_at ?? (closed ? at : null);
  const triageLate = respondedAt === null ? at > triageDueAt : respondedAt > triageDueAt;
  const breached = triageLate || at > completionDueAt;
  let state: ConsultSlaState = breached ? 'breached' : 'ok';
  if (!breached && !closed) {
    const [due, window] =
      consult.triaged_at === null
        ? [triageDueAt, triageDueAt - consult.created_at]
        : [completionDueAt, completionDueAt - consult.created_at];
    if (due - now < window / 4) state = 'due_soon';
  }
  return {
    triageDueAt: new Date(triageDueAt).toISOString(),
    completionDueAt: new Date(completionDueAt).toISOString(),
    breached,
    state,
  };
}
