import { isBranchScope } from './scope.js';

/**
 * The finding lifecycle as a pure state machine: a finding's state, and what one scan does
 * to it. Ingest applies a scan to the stored state of the findings it touches; a scan that
 * arrives late (it ran before scans already applied) replays the affected findings from
 * their first sighting, through the very same step, so the result is the same as if the
 * scans had arrived in the order they ran.
 *
 * The rules (DESIGN.md):
 * - a finding is present per scope (`main`, `production`, `branch:<name>`); a scan that sees
 *   it opens its scope;
 * - a **full** scan that covers the finding's scanner and does not see it closes the scan's
 *   scope; a diff scan closes nothing;
 * - a `main` or `production` scan that closes a finding also closes the dev/pr scopes that
 *   last saw it before that scan: branches merge into main and are then abandoned, so their
 *   stale sightings must not keep a fixed finding open for ever (a later scan of the branch
 *   that still has it opens it again);
 * - the finding is open while any scope has it open, and **fixed** when the last one
 *   closes; seen again after that, it is **reopened** (a new open interval).
 */

/** A scan as the lifecycle sees it. */
export interface ScanStep {
  readonly id: string;
  /** When it ran (epoch ms); its events are dated by it. */
  readonly ranAt: number;
  readonly stage: string;
  readonly scope: string;
  readonly kind: 'full' | 'diff';
  /** The scanner kinds that ran to completion in this scan. */
  readonly scanners: ReadonlySet<string>;
}

/** Where a finding is present in one scope. */
export interface ScopeState {
  open: boolean;
  firstSeenAt: number;
  lastSeenAt: number;
  lastScanId: string;
  closedAt: number | null;
}

/** What the lifecycle knows of one finding. */
export interface FindingState {
  first: { at: number; stage: string; scanId: string } | undefined;
  last: { at: number; scanId: string } | undefined;
  /** When the last open scope closed; null while open (or never detected). */
  fixedAt: number | null;
  /** Every stage the finding was ever seen at. */
  readonly stages: Set<string>;
  /** Its first sighting at `main` or `production` (null: none yet). */
  promotedAt: number | null;
  readonly scopes: Map<string, ScopeState>;
}

/** The lifecycle's event types (DESIGN.md): the rest of the history is triage. */
export type LifecycleEventType = 'detected' | 'seen' | 'fixed' | 'reopened';

/** Event types the lifecycle writes: a replay deletes and rewrites exactly these (with a scan). */
export const LIFECYCLE_EVENT_TYPES: readonly LifecycleEventType[] = [
  'detected',
  'seen',
  'fixed',
  'reopened',
];

/**
 * A lifecycle event: `detected` (first sighting ever), `seen` (first sighting at another
 * stage — what the escape-rate and "prevented" metrics need; not one event per scan),
 * `fixed`, `reopened`. Dated by the scan's run time; `scope` is the scope that changed.
 */
export interface LifecycleEvent {
  readonly type: LifecycleEventType;
  readonly at: number;
  readonly stage: string;
  readonly scanId: string;
  readonly scope: string;
}

/** A finding never seen yet. */
export function emptyState(): FindingState {
  return {
    first: undefined,
    last: undefined,
    fixedAt: null,
    stages: new Set(),
    promotedAt: null,
    scopes: new Map(),
  };
}

/** Whether any scope has the finding open. */
export function isOpen(state: FindingState): boolean {
  for (const scope of state.scopes.values()) if (scope.open) return true;
  return false;
}

/**
 * Applies one scan to one finding of scanner `scanner` (mutating `state`) and returns the
 * events it causes. `seen`: whether the scan reported the finding.
 */
export function applyScan(
  state: FindingState,
  scan: ScanStep,
  scanner: string,
  seen: boolean,
): LifecycleEvent[] {
  const event = (type: LifecycleEventType): LifecycleEvent => ({
    type,
    at: scan.ranAt,
    stage: scan.stage,
    scanId: scan.id,
    scope: scan.scope,
  });
  if (seen) return see(state, scan, event);
  if (state.first === undefined || scan.kind !== 'full' || !scan.scanners.has(scanner)) return [];
  const scope = state.scopes.get(scan.scope);
  if (scope === undefined || !scope.open) return [];
  scope.open = false;
  scope.closedAt = scan.ranAt;
  if (!isBranchScope(scan.scope)) {
    for (const [key, other] of state.scopes) {
      if (other.open && isBranchScope(key) && other.lastSeenAt < scan.ranAt) {
        other.open = false;
        other.closedAt = scan.ranAt;
      }
    }
  }
  if (state.fixedAt === null && !isOpen(state)) {
    state.fixedAt = scan.ranAt;
    return [event('fixed')];
  }
  return [];
}

function see(
  state: FindingState,
  scan: ScanStep,
  event: (type: LifecycleEventType) => LifecycleEvent,
): LifecycleEvent[] {
  const events: LifecycleEvent[] = [];
  if (state.first === undefined) {
    state.first = { at: scan.ranAt, stage: scan.stage, scanId: scan.id };
    events.push(event('detected'));
  } else {
    if (state.fixedAt !== null) events.push(event('reopened'));
    if (!state.stages.has(scan.stage)) events.push(event('seen'));
  }
  state.fixedAt = null;
  state.stages.add(scan.stage);
  // Scans are applied in time order, so the first such sighting is the earliest. Every other
  // event at these stages (a fix, a reopen) follows a sighting at one of them.
  if (state.promotedAt === null && isPromotedStage(scan.stage)) state.promotedAt = scan.ranAt;
  state.last = { at: scan.ranAt, scanId: scan.id };
  const scope = state.scopes.get(scan.scope);
  if (scope === undefined) {
    state.scopes.set(scan.scope, {
      open: true,
      firstSeenAt: scan.ranAt,
      lastSeenAt: scan.ranAt,
      lastScanId: scan.id,
      closedAt: null,
    });
  } else {
    scope.open = true;
    scope.lastSeenAt = scan.ranAt;
    scope.lastScanId = scan.id;
    scope.closedAt = null;
  }
  return events;
}

/** The stages past the pipeline: a finding seen at one was not stopped in a pull request. */
export function isPromotedStage(stage: string): boolean {
  return stage === 'main' || stage === 'production';
}
