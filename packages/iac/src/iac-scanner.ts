import type { FindingDraft, ScanContext, ScanTarget } from '@rampart/core';
import { isRampartError } from '@rampart/core';
import type { Check, IacKind } from './check.js';
import { CHECKS } from './checks/index.js';
import { isTemplated, kindByName, looksLikeKubernetes } from './classify.js';
import { parseAs, runChecks } from './run-checks.js';

/**
 * The `iac` scanner's work: every Dockerfile, Kubernetes manifest, GitHub Actions or GitLab
 * CI workflow and Terraform file of the target, parsed once and run through the checks of
 * its kind. A file that does not parse is reported and skipped; a templated manifest (Helm)
 * is skipped with a note.
 */
export async function* scanIac(target: ScanTarget, ctx: ScanContext): AsyncIterable<FindingDraft> {
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
    yield* runChecks(byKind.get(kind) ?? [], doc as never, file.path, text);
  }
}
