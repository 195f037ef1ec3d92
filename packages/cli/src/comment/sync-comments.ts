import { posix } from 'node:path';
import { compareSeverity, type Finding, type Logger, type ScanReport } from '@rampart/core';
import { visibleControls } from '../reporters/escape.js';
import type { TrainingLookup } from '../reporters/reporter.js';
import type { ChangedFile, Forge, ReviewThread } from './forge.js';
import { isMarkableFingerprint, STICKY_COMMENT_MARKER } from './markers.js';
import { renderReviewComment } from './review-comment.js';

/** New review comments posted in one run at most; the rest are in the summary comment. */
export const MAX_REVIEW_COMMENTS = 25;
/** A finding spanning more lines than this is commented on within its first lines only. */
const MAX_SPAN = 50;

/**
 * The sticky comment's body: the marker line, then the summary, cut at a line to fit the
 * forge's limit (closing a code block left open) with a note saying so.
 */
export function stickyBody(summary: string, maxLength: number): string {
  const body = `${STICKY_COMMENT_MARKER}\n${summary}`;
  if (body.length <= maxLength) return body;
  const note = `\n\n_This summary was cut short to fit the ${maxLength.toLocaleString('en')}-character limit of a comment; the full report is in the job's \`rampart scan --format json\` output._\n`;
  let kept = body.slice(0, Math.max(0, maxLength - note.length - 8));
  kept = kept.slice(0, Math.max(STICKY_COMMENT_MARKER.length, kept.lastIndexOf('\n')));
  const fences = kept.split('\n').filter((line) => /^ {0,3}(```|~~~)/.test(line)).length;
  return `${kept}${fences % 2 === 1 ? '\n```' : ''}${note}`;
}

/** A finding that may get a review comment, with its path as the pull request names it. */
export interface ReviewCandidate {
  readonly finding: Finding;
  /** The path from the repository's top (the report's paths are from the scanned folder). */
  readonly path: string;
}

/** The scan root relative to the repository top, from the report's `scan.target`. */
function repositoryPath(report: ScanReport, path: string): string | undefined {
  const target = report.scan.target.replace(/\\/g, '/');
  if (
    target === '' ||
    target === '.' ||
    target === './' ||
    posix.isAbsolute(target) ||
    /^[A-Za-z]:/.test(target)
  )
    return path;
  const joined = posix.normalize(posix.join(target, path));
  return joined.startsWith('../') || joined === '..' ? undefined : joined;
}

/**
 * The findings a review comment may be about: in code, not marked `existing` (a baseline or
 * diff base says they were there before the pull request), with a fingerprint that can go
 * into a marker; one per fingerprint, most severe first.
 */
export function reviewCandidates(report: ScanReport): ReviewCandidate[] {
  const seen = new Set<string>();
  const out: ReviewCandidate[] = [];
  for (const finding of report.findings) {
    if (finding.location.kind !== 'code' || finding.novelty === 'existing') continue;
    if (!isMarkableFingerprint(finding.fingerprint) || seen.has(finding.fingerprint)) continue;
    const path = repositoryPath(report, finding.location.path);
    if (path === undefined) continue;
    seen.add(finding.fingerprint);
    out.push({ finding, path });
  }
  const line = (c: ReviewCandidate) =>
    c.finding.location.kind === 'code' ? c.finding.location.region.startLine : 0;
  return out.sort(
    (a, b) =>
      compareSeverity(a.finding.severity, b.finding.severity) ||
      a.path.localeCompare(b.path) ||
      line(a) - line(b),
  );
}

/** The first line of the finding that the pull request adds, if any. */
function changedLineOf(finding: Finding, file: ChangedFile): number | undefined {
  if (finding.location.kind !== 'code') return undefined;
  const { startLine, endLine } = finding.location.region;
  for (let line = startLine; line <= Math.min(endLine, startLine + MAX_SPAN); line++) {
    if (file.added.has(line)) return line;
  }
  return undefined;
}

/** What the review part of a run did. */
export interface ReviewOutcome {
  /** Set when no review comment was touched, and why. */
  readonly skipped?: string;
  readonly posted: number;
  /** Findings that already had their comment. */
  readonly kept: number;
  /** Comments of fixed findings deleted (GitHub) or resolved (GitLab). */
  readonly closed: number;
  /** Second comments on one finding (from runs that raced) deleted or resolved. */
  readonly duplicates: number;
  /** Candidates whose lines the pull request does not change: summary comment only. */
  readonly notOnChangedLines: number;
  /** Comments the forge refused (the line is not in its diff). */
  readonly refused: number;
  /** Candidates left for the summary comment beyond {@link MAX_REVIEW_COMMENTS}. */
  readonly overLimit: number;
}

/** What a run did. */
export interface SyncOutcome {
  readonly sticky: 'created' | 'updated' | 'unchanged';
  readonly commentId: string;
  /** Extra sticky comments of ours (from runs that raced) deleted. */
  readonly duplicatesRemoved: number;
  readonly review?: ReviewOutcome;
}

/** How {@link syncComments} runs. */
export interface SyncOptions {
  /** Also comment on changed lines (`--review`). */
  readonly review: boolean;
  readonly trainingUrl?: string | undefined;
  /** The training module of a finding's CWEs (training-lookup.ts). */
  readonly training?: TrainingLookup | undefined;
  readonly logger: Logger;
  readonly maxReviewComments?: number | undefined;
}

/**
 * Brings the pull request's comments in line with the report: the one sticky comment is
 * created or edited (duplicates of ours removed), and with `review`, each new finding on a
 * changed line gets one review comment, and comments of findings no longer reported are
 * deleted or resolved. Comments by anyone else are never listed, so never touched.
 */
export async function syncComments(
  forge: Forge,
  report: ScanReport,
  summary: string,
  options: SyncOptions,
): Promise<SyncOutcome> {
  const body = stickyBody(summary, forge.maxBodyLength);
  const [first, ...duplicates] = await forge.listStickyComments();
  let sticky: SyncOutcome['sticky'];
  let commentId: string;
  if (first === undefined) {
    commentId = (await forge.createComment(body)).id;
    sticky = 'created';
  } else {
    commentId = first.id;
    sticky = first.body === body ? 'unchanged' : 'updated';
    if (sticky === 'updated') await forge.updateComment(first.id, body);
  }
  for (const d of duplicates) await forge.deleteComment(d.id);
  const outcome = { sticky, commentId, duplicatesRemoved: duplicates.length };
  if (!options.review) return outcome;
  return { ...outcome, review: await syncReview(forge, report, options) };
}

async function syncReview(
  forge: Forge,
  report: ScanReport,
  options: SyncOptions,
): Promise<ReviewOutcome> {
  const none = {
    posted: 0,
    kept: 0,
    closed: 0,
    duplicates: 0,
    notOnChangedLines: 0,
    refused: 0,
    overLimit: 0,
  };
  const diff = await forge.reviewableDiff();
  if (!diff.ok) return { ...none, skipped: diff.reason };
  const threads = await forge.listReviewThreads();
  const byFingerprint = new Map<string, ReviewThread[]>();
  for (const t of threads)
    byFingerprint.set(t.fingerprint, [...(byFingerprint.get(t.fingerprint) ?? []), t]);
  const files = new Map(diff.files.map((f) => [f.path, f]));
  const limit = options.maxReviewComments ?? MAX_REVIEW_COMMENTS;
  const counts = { ...none };

  for (const { finding, path } of reviewCandidates(report)) {
    if (byFingerprint.has(finding.fingerprint)) {
      counts.kept++;
      continue;
    }
    const file = files.get(path);
    const line = file && changedLineOf(finding, file);
    if (!file || line === undefined) {
      counts.notOnChangedLines++;
      continue;
    }
    if (counts.posted + counts.refused >= limit) {
      counts.overLimit++;
      continue;
    }
    const body = renderReviewComment(finding, {
      trainingUrl: options.trainingUrl,
      training: options.training,
      onFix: forge.onFix,
    });
    if (await forge.postReviewComment(file, line, body)) counts.posted++;
    else counts.refused++;
  }

  const reported = new Set(report.findings.map((f) => f.fingerprint));
  const failed = report.scan.scanners.filter((s) => s.error !== undefined).map((s) => s.kind);
  for (const [fingerprint, [keep, ...extra]] of byFingerprint) {
    const fixed = !reported.has(fingerprint);
    if (fixed && failed.length > 0) {
      options.logger.warn(
        `kept the review comment of finding ${visibleControls(fingerprint)}: it is not in the report, but the ${failed.join(', ')} scanner failed, so it may not be fixed`,
      );
    }
    if (fixed && failed.length === 0 && keep) {
      await forge.closeReviewThread(keep);
      if (!keep.resolved) counts.closed++;
    }
    // Two runs that raced may both have posted: one comment per finding is enough.
    for (const t of extra) {
      await forge.closeReviewThread(t);
      if (!t.resolved) counts.duplicates++;
    }
  }
  return counts;
}
