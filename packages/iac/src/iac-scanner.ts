import type { FindingDraft, ScanContext, ScanTarget } from '@rampart/core';
import { isRampartError } from '@rampart/core';
import type { Check, IacKind } from './check.js';
import { CHECKS } from './checks/index.js';
import { isTemplated, kindByName, looksLikeKubernetes } from './classify.js';
import { rememberPavedRoadEvaluation } from './posture/paved-road-outcome.js';
import { parseAs, runChecks } from './run-checks.js';

/**
 * The `iac` scanner's work: every Dockerfile, Kubernetes manifest, GitHub Actions or GitLab
 * CI workflow and Terraform file of the target, parsed once and run through the checks of
 * its kind. A file that does not parse is reported and skipped; a templated manifest (Helm)
 * is skipped with a note.
 */
export async function* scanIac(target: ScanTarget, ctx: ScanContext): AsyncIterable<FindingDraft> {
  const paved = await pavedRoadDrafts(target, ctx);
  // With `requireDigest`, the policy's finding (which names the approved digest) replaces
  // the generic one at the same FROM.
  const pinnedByPolicy = new Set(
    paved.flatMap((d) =>
      d.ruleId === 'paved-road/base-image-digest' && d.location.kind === 'code'
        ? [`${d.location.path}:${d.location.region.startLine}`]
        : [],
    ),
  );
  const byKind = new Map<IacKind, Check[]>();
  for (const check of CHECKS)
    byKind.set(check.meta.kind, [...(byKind.get(check.meta.kind) ?? []), check]);
  const files = target.files.flatMap((file) => {
    const kind = kindByName(file.path);
    return kind && byKind.has(kind) ? [{ file, kind }] : [];
  });
  ctx.progress.setTotal(files.length);
  for (const { file, kind } of files) {
    if (ctx.signal.aborted) return;
    ctx.progress.advance();
    let text: string;
    try {
      text = await target.readText(file.path);
    } catch (err) {
      ctx.logger.warn(`iac: cannot read ${file.path}; skipped`, { error: (err as Error).message });
      continue;
    }
    if (kind === 'kubernetes') {
      if (!looksLikeKubernetes(text)) continue;
      if (isTemplated(text)) {
        ctx.logger.info(`iac: ${file.path} is a template (Helm); render it to check it`);
        continue;
      }
    }
    let doc: ReturnType<typeof parseAs>;
    try {
      doc = parseAs(kind, text, file.path);
    } catch (err) {
      if (!isRampartError(err)) throw err;
      ctx.logger.warn(`iac: ${err.message}; skipped`);
      continue;
    }
    for (const draft of runChecks(byKind.get(kind) ?? [], doc as never, file.path, text)) {
      const at =
        draft.location.kind === 'code'
          ? `${draft.location.path}:${draft.location.region.startLine}`
          : '';
      if (draft.ruleId === 'iac/docker-image-not-pinned' && pinnedByPolicy.has(at)) continue;
      yield draft;
    }
  }
  yield* paved;
}

/**
 * The paved-road findings when rampart.yml names a policy (`pavedRoad:`). Not for a
 * staged-only scan (the pre-commit hook): the policy is about the whole repository.
 */
async function pavedRoadDrafts(target: ScanTarget, ctx: ScanContext): Promise<FindingDraft[]> {
  const reference = ctx.config.pavedRoad;
  if (!reference || ctx.history?.kind === 'staged') return [];
  const { evaluatePavedRoad, loadPolicy, reportDrafts } = await import('./paved-road-entry.js');
  const evaluation = (async () => {
    const policy = await loadPolicy(reference.source, {
      cacheDir: ctx.cacheDir,
      logger: ctx.logger,
      signal: ctx.signal,
      token: process.env.RAMPART_PAVED_ROAD_TOKEN,
    });
    const report = await evaluatePavedRoad(policy, {
      target,
      config: ctx.config,
      logger: ctx.logger,
      signal: ctx.signal,
      scope: ctx.diffBase === undefined ? 'repository' : 'change',
    });
    return { report, sha256: policy.sha256 };
  })();
  // A full scan's evaluation also goes into the report's posture (see posture/).
  if (ctx.diffBase === undefined) rememberPavedRoadEvaluation(target, evaluation);
  const { report } = await evaluation;
  ctx.logger.info(
    `paved road${ctx.diffBase === undefined ? '' : ' (changed files only)'}: ${report.score}/100 (${report.passed} passed, ${report.failed} failed, ${report.notApplicable} not applicable); \`rampart paved-road check\` for details`,
  );
  return reportDrafts(report, (path) => target.readText(path));
}
