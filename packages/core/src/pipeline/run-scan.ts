import type { FailOn, RampartConfig } from '../config/config-schema.js';
import { type ErrorCode, isRampartError } from '../errors.js';
import {
  type Finding,
  type FindingDraft,
  FindingDraftSchema,
  type ScannerKind,
} from '../finding/finding.js';
import { assignFingerprints, createLineReader } from '../finding/fingerprint.js';
import { compareSeverity } from '../finding/severity.js';
import type { Logger } from '../logger.js';
import { evaluateGate, type GateDecision } from '../policy/gate.js';
import { applyRuleSettings } from '../policy/rule-settings.js';
import { createTaskProgress, type ProgressSink, silentProgress } from '../progress.js';
import type { HistoryRequest, Scanner, ScanTarget, SkippedFile } from '../scanner.js';
import { applyBaseline, type Baseline } from '../suppress/baseline.js';
import { applyHubTriage, type HubTriage } from '../suppress/hub-triage.js';
import { findInlineSuppression } from '../suppress/inline-suppression.js';

/** The largest file the pipeline reads back whole for fingerprints and inline suppressions. */
const MAX_REREAD_BYTES = 64 * 1024 * 1024;

/** Everything {@link runScan} needs. */
export interface RunScanOptions {
  readonly target: ScanTarget;
  readonly scanners: readonly Scanner[];
  readonly config: RampartConfig;
  readonly logger: Logger;
  readonly cacheDir: string;
  readonly progress?: ProgressSink | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly rulePaths?: readonly string[] | undefined;
  readonly baseline?: Baseline | undefined;
  /** Overrides `config.failOn` (the `--fail-on` flag). */
  readonly failOn?: FailOn | undefined;
  /** Git history to cover (`--history`, `--history-since`, `--staged`). */
  readonly history?: HistoryRequest | undefined;
  /** Scanners the user named (see `ScanContext.requested`). */
  readonly requested?: readonly ScannerKind[] | undefined;
  /** The scan root relative to the config's folder, `/`-separated, for rule excludes. */
  readonly configPathPrefix?: string | undefined;
  /** `--diff-base`: the ref the change is measured from (see `ScanContext.diffBase`). */
  readonly diffBase?: string | undefined;
  /**
   * Fingerprints of the findings that were already there before the change (a scan of the
   * changed files at the merge base): those are marked `existing`, the rest `new`, and the
   * gate counts only new ones.
   */
  readonly existingFingerprints?: ReadonlySet<string> | undefined;
  /**
   * The hub's triage of the project (`rampart scan --server`): findings it marked false
   * positive or accepted, and those its organisation rules cover, are suppressed (kind
   * `hub`) after the local suppressions and the baseline, before the gate.
   */
  readonly hubTriage?: HubTriage | undefined;
  /** The clock for the hub triage's expiry dates (epoch ms); tests inject one. */
  readonly now?: (() => number) | undefined;
}

/** How one scanner's run went. */
export interface ScannerRun {
  readonly kind: ScannerKind;
  readonly durationMs: number;
  /** Findings it produced, before suppression. */
  readonly findings: number;
  /** Set when the scanner failed; its findings up to the failure are kept. */
  readonly error: string | undefined;
  /** The error's code when the scanner failed with a Rampart error (e.g. a missing database). */
  readonly errorCode?: ErrorCode | undefined;
  /** Findings it yielded that did not match the Finding schema (a scanner bug), dropped. */
  readonly invalidFindings: number;
}

/** Why a finding is not reported. */
export type SuppressionKind =
  | 'inline'
  | 'baseline'
  | 'rule-disabled'
  | 'rule-excluded-path'
  /** The hub's triage: a false positive or accepted risk of the project, or an organisation rule. */
  | 'hub';

/** A finding that was found but is not reported, and why. */
export interface SuppressedFinding {
  readonly finding: Finding;
  readonly kind: SuppressionKind;
  readonly reason: string | undefined;
}

/** The outcome of a scan: what reporters render and what the gate decided. */
export interface ScanResult {
  /** Reported findings, most severe first, then by location. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly scanners: readonly ScannerRun[];
  readonly filesScanned: number;
  readonly skipped: readonly SkippedFile[];
  readonly gate: GateDecision;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function locationKey(f: Finding): string {
  const loc = f.location;
  if (loc.kind === 'code') return `${loc.path}\0${String(loc.region.startLine).padStart(9, '0')}`;
  if (loc.kind === 'package') return `${loc.manifestPath}\0${loc.name}`;
  return `${loc.url}\0${loc.parameter ?? ''}`;
}

/** Most severe first, then by location and rule, so reports are stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareSeverity(a.severity, b.severity) ||
    compareText(locationKey(a), locationKey(b)) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

async function runOne(
  scanner: Scanner,
  options: RunScanOptions,
  signal: AbortSignal,
): Promise<{ run: ScannerRun; drafts: FindingDraft[] }> {
  const started = performance.now();
  const drafts: FindingDraft[] = [];
  let invalidFindings = 0;
  let error: string | undefined;
  let errorCode: ErrorCode | undefined;
  const ctx = {
    config: options.config,
    logger: options.logger,
    progress: options.progress
      ? createTaskProgress(scanner.kind, options.progress)
      : silentProgress,
    signal,
    cacheDir: options.cacheDir,
    rulePaths: options.rulePaths ?? [],
    history: options.history,
    diffBase: options.diffBase,
    requested: options.requested?.includes(scanner.kind) === true,
  };
  try {
    for await (const draft of scanner.scan(options.target, ctx)) {
      const parsed = FindingDraftSchema.safeParse(draft);
      if (parsed.success) {
        drafts.push(parsed.data);
      } else {
        invalidFindings++;
        options.logger.error(`scanner ${scanner.kind} produced an invalid finding; dropped`, {
          ruleId: (draft as { ruleId?: unknown }).ruleId,
          problem: parsed.error.issues[0]?.message,
          path: parsed.error.issues[0]?.path.join('.'),
        });
      }
      if (signal.aborted) break;
    }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    if (isRampartError(err)) {
      errorCode = err.code;
      if (err.hint) error += ` (${err.hint})`;
    }
    options.logger.error(`scanner ${scanner.kind} failed: ${error}`);
  }
  return {
    drafts,
    run: {
      kind: scanner.kind,
      durationMs: Math.round(performance.now() - started),
      findings: drafts.length,
      error,
      ...(errorCode === undefined ? {} : { errorCode }),
      invalidFindings,
    },
  };
}

/**
 * Runs the scanners concurrently over one target, then: fingerprints → de-duplicates →
 * applies per-rule settings → inline suppressions → baseline → the hub's triage → sorts →
 * policy gate.
 * A scanner that throws does not stop the others; its failure is in `scanners[].error`.
 */
export async function runScan(options: RunScanOptions): Promise<ScanResult> {
  const startedAt = new Date();
  const signal = options.signal ?? new AbortController().signal;
  const runs = await Promise.all(options.scanners.map((s) => runOne(s, options, signal)));
  options.progress?.finish();

  // Files too big to hold as one string (a scanner streams those) are not re-read here:
  // their findings keep the snippet for fingerprints, and inline comments are not looked up.
  const sizes = new Map(options.target.files.map((f) => [f.path, f.size]));
  const readText = (path: string) =>
    (sizes.get(path) ?? 0) > MAX_REREAD_BYTES
      ? Promise.resolve(undefined)
      : options.target.readText(path).catch(() => undefined);
  // The same rule reporting the same place twice (overlapping patterns) is one finding.
  const drafts = new Map<string, FindingDraft>();
  for (const d of runs.flatMap((r) => r.drafts)) {
    const key = `${d.ruleId}\0${JSON.stringify(d.location)}\0${d.secret?.hash ?? ''}\0${d.fingerprint ?? ''}`;
    if (!drafts.has(key)) drafts.set(key, d);
  }
  const linesOf = createLineReader(readText);
  const fingerprinted = await assignFingerprints([...drafts.values()], linesOf);

  const unique: Finding[] = [];
  const seen = new Set<string>();
  for (const f of fingerprinted) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    unique.push(f);
  }

  const suppressed: SuppressedFinding[] = [];
  const settings = applyRuleSettings(unique, options.config.rules, options.configPathPrefix ?? '');
  for (const d of settings.dropped) {
    suppressed.push({
      finding: d.finding,
      kind: d.kind === 'disabled' ? 'rule-disabled' : 'rule-excluded-path',
      reason:
        d.kind === 'disabled' ? 'rule disabled in config' : 'path excluded for this rule in config',
    });
  }

  let remaining: Finding[] = [];
  for (const f of settings.kept) {
    const loc = f.location;
    if (loc.kind === 'code') {
      const lines = await linesOf(loc.path);
      const match =
        lines && findInlineSuppression(lines, loc.region.startLine, f.ruleId, f.scanner);
      if (match) {
        suppressed.push({ finding: f, kind: 'inline', reason: match.reason });
        continue;
      }
    }
    remaining.push(f);
  }

  if (options.baseline) {
    const { fresh, hidden } = applyBaseline(remaining, options.baseline);
    for (const f of hidden)
      suppressed.push({ finding: f, kind: 'baseline', reason: 'in the baseline' });
    remaining = fresh;
  }

  if (options.hubTriage) {
    const hub = applyHubTriage(remaining, options.hubTriage, (options.now ?? Date.now)());
    for (const s of hub.suppressed)
      suppressed.push({ finding: s.finding, kind: 'hub', reason: s.reason });
    remaining = hub.kept;
  }

  const existing = options.existingFingerprints;
  if (existing) {
    remaining = remaining.map((f) => ({
      ...f,
      novelty: existing.has(f.fingerprint) ? 'existing' : 'new',
    }));
  }

  remaining.sort(compareFindings);
  const gate = evaluateGate(remaining, options.failOn ?? options.config.failOn);
  return {
    findings: remaining,
    suppressed,
    scanners: runs.map((r) => r.run),
    filesScanned: options.target.files.length,
    skipped: options.target.skipped,
    gate,
    startedAt,
    finishedAt: new Date(),
  };
}
