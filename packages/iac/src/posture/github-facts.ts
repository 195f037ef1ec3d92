import type { Node } from 'yaml';
import type { YamlDoc } from '../check.js';
import {
  get,
  isCommitSha,
  isFirstParty,
  parseUses,
  usesSites,
  type Workflow,
  type WorkflowJob,
  workflowsOf,
} from '../checks/gha-workflow.js';
import { items, positionOf, scalar } from '../parsers/yaml-doc.js';
import { RAMPART_SCAN } from '../paved-road/evaluate.js';

/** A parsed pipeline file. */
export interface PipelineFile {
  readonly path: string;
  readonly doc: YamlDoc;
}

/** What the GitHub Actions workflows say about Rampart, SARIF and third-party actions. */
export interface GithubFacts {
  readonly pullRequests: boolean;
  readonly defaultBranch: boolean;
  readonly sarifUpload: string | null;
  readonly thirdParty: number;
  readonly unpinned: { readonly uses: string; readonly path: string; readonly line: number }[];
}

/** A `uses:` of Rampart: its CLI's action, or a workflow or action whose name says rampart. */
const RAMPART_USES = /rampart/i;

/** A line of a `run:` script that runs `rampart scan`, comments left out. */
export function runsRampartScan(script: string): boolean {
  return script.split('\n').some((line) => !/^\s*#/.test(line) && RAMPART_SCAN.test(line));
}

/** Turns a branch filter glob of GitHub Actions into a RegExp (`*`, `**`, `?`, `[…]`). */
function branchGlob(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '*') {
      const double = pattern.charAt(i + 1) === '*';
      source += double ? '.*' : '[^/]*';
      if (double) i++;
    } else if (c === '?') source += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) source += '\\[';
      else {
        source += pattern.slice(i, end + 1);
        i = end;
      }
    } else source += c.replace(/[.^$|(){}\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return /(?!)/;
  }
}

const patterns = (node: Node | undefined): string[] =>
  [scalar(node), ...items(node).map(scalar)].flatMap((p) => (p ? [p] : []));

/**
 * Whether a `push` trigger runs on the default branch: no filter, a `branches` filter that
 * matches it (`!` patterns exclude), or a `branches-ignore` that does not. A push filtered
 * to tags only runs on no branch.
 */
function pushRunsOn(doc: YamlDoc, workflow: Workflow, branch: string): boolean {
  if (!workflow.triggers.has('push')) return false;
  const push = get(doc, get(doc, workflow.root, 'on'), 'push');
  const branches = get(doc, push, 'branches');
  const ignored = get(doc, push, 'branches-ignore');
  if (branches !== undefined) {
    let matched = false;
    for (const p of patterns(branches)) {
      if (p.startsWith('!')) {
        if (branchGlob(p.slice(1)).test(branch)) matched = false;
      } else if (branchGlob(p).test(branch)) matched = true;
    }
    return matched;
  }
  if (ignored !== undefined) return !patterns(ignored).some((p) => branchGlob(p).test(branch));
  // `tags:` alone means tag pushes only.
  return get(doc, push, 'tags') === undefined && get(doc, push, 'tags-ignore') === undefined;
}

/** Whether a job runs Rampart: a step's script, a Rampart action, or a called workflow that does. */
function jobRunsRampart(
  doc: YamlDoc,
  job: WorkflowJob,
  localRunsRampart: (path: string) => boolean,
): boolean {
  const called = scalar(get(doc, job.node, 'uses'))?.trim();
  if (called) {
    const ref = parseUses(called);
    if (ref.kind === 'local') return localRunsRampart(ref.path.replace(/^\.\//, ''));
    if (RAMPART_USES.test(called)) return true;
  }
  return job.steps.some(
    (step) =>
      (step.uses !== undefined && RAMPART_USES.test(step.uses)) ||
      runsRampartScan(scalar(step.run) ?? ''),
  );
}

/**
 * Reads the GitHub Actions workflows once: where Rampart runs (pull requests, pushes to the
 * default branch; a job calling a local reusable workflow that runs it counts), the SARIF
 * upload, and every third-party `uses:` (steps and reusable workflows) with its pinning.
 */
export function githubFacts(
  files: readonly PipelineFile[],
  defaultBranches: string[],
): GithubFacts {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const workflows = new Map(files.map((f) => [f.path, workflowsOf(f.doc)]));
  const cache = new Map<string, boolean>();
  const localRunsRampart = (path: string, depth = 0): boolean => {
    const known = cache.get(path);
    if (known !== undefined) return known;
    const file = byPath.get(path);
    if (!file || depth > 3) return false;
    cache.set(path, false); // a cycle of calls runs nothing more
    const runs = (workflows.get(path) ?? []).some((w) =>
      w.jobs.some((j) => jobRunsRampart(file.doc, j, (p) => localRunsRampart(p, depth + 1))),
    );
    cache.set(path, runs);
    return runs;
  };
  let pullRequests = false;
  let defaultBranch = false;
  let sarifUpload: string | null = null;
  let thirdParty = 0;
  const unpinned: GithubFacts['unpinned'] = [];
  for (const file of files) {
    for (const workflow of workflows.get(file.path) ?? []) {
      const runs = workflow.jobs.some((j) => jobRunsRampart(file.doc, j, localRunsRampart));
      if (!runs) continue;
      if (workflow.triggers.has('pull_request') || workflow.triggers.has('pull_request_target'))
        pullRequests = true;
      if (defaultBranches.some((b) => pushRunsOn(file.doc, workflow, b))) defaultBranch = true;
    }
    for (const site of usesSites(file.doc)) {
      const ref = site.ref;
      if (
        sarifUpload === null &&
        ref.kind === 'repo' &&
        ref.repo === 'github/codeql-action' &&
        ref.path === 'upload-sarif'
      )
        sarifUpload = file.path;
      if (ref.kind === 'local' || (ref.kind === 'repo' && isFirstParty(ref.owner))) continue;
      thirdParty++;
      const pinned = ref.kind === 'docker' ? ref.digest : isCommitSha(ref.ref);
      if (!pinned)
        unpinned.push({
          uses: site.uses.slice(0, 512),
          path: file.path,
          line: positionOf(file.doc, site.node).line,
        });
    }
  }
  return { pullRequests, defaultBranch, sarifUpload, thirdParty, unpinned };
}
