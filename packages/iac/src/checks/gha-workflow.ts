import { isAlias, isMap, isScalar, type Node } from 'yaml';
import type { YamlDoc } from '../check.js';
import { child, entries, items, positionOf, scalar } from '../parsers/yaml-doc.js';

/**
 * A reading of GitHub Actions workflows shared by the `gha-*` checks: triggers, jobs, steps,
 * action references, and where `${{ }}` expressions sit in the source.
 */

/** One step of a job. */
export interface WorkflowStep {
  readonly node: Node;
  /** 0-based position in the job's `steps`. */
  readonly index: number;
  /** `uses:` as written, and its node. */
  readonly uses: string | undefined;
  readonly usesNode: Node | undefined;
  readonly run: Node | undefined;
  readonly with: Node | undefined;
  readonly env: Node | undefined;
}

/** One job of a workflow. */
export interface WorkflowJob {
  readonly id: string;
  readonly keyNode: Node;
  readonly node: Node;
  readonly steps: readonly WorkflowStep[];
}

/** One workflow document. */
export interface Workflow {
  readonly root: Node;
  /** The events of `on:` (a string, a list or a map of events). */
  readonly triggers: ReadonlySet<string>;
  readonly jobs: readonly WorkflowJob[];
}

/** The value of an alias is the node it points at. */
function deref(doc: YamlDoc, node: Node | undefined): Node | undefined {
  if (!isAlias(node)) return node;
  for (const d of doc.documents) {
    const target = node.resolve(d);
    if (target) return target as Node;
  }
  return undefined;
}

/** The value under `key` of a map, aliases resolved. */
export function get(doc: YamlDoc, node: Node | undefined, key: string): Node | undefined {
  return deref(doc, child(node, key));
}

/** The events a workflow runs on. */
function triggersOf(doc: YamlDoc, root: Node): Set<string> {
  // YAML 1.2 (the `yaml` default) keeps `on` a string; a `%YAML 1.1` file would make it `true`.
  const on = get(doc, root, 'on') ?? deref(doc, entries(root).find(([key]) => key === 'true')?.[1]);
  const events = new Set<string>();
  const single = scalar(on);
  if (single) events.add(single);
  for (const item of items(on)) {
    const name = scalar(deref(doc, item));
    if (name) events.add(name);
  }
  for (const [name] of entries(on)) events.add(name);
  return events;
}

/** Every workflow of a parsed file (a document that is a map with `jobs`). */
export function workflowsOf(doc: YamlDoc): Workflow[] {
  const found: Workflow[] = [];
  for (const d of doc.documents) {
    const root = d.contents as Node | null;
    if (!isMap(root)) continue;
    const jobsNode = get(doc, root, 'jobs');
    if (!isMap(jobsNode)) continue;
    const jobs = entries(jobsNode).flatMap(([id, value, key]): WorkflowJob[] => {
      const node = deref(doc, value);
      if (!isMap(node)) return [];
      const steps = items(get(doc, node, 'steps')).flatMap((raw, index): WorkflowStep[] => {
        const step = deref(doc, raw);
        if (!isMap(step)) return [];
        const usesNode = get(doc, step, 'uses');
        return [
          {
            node: step,
            index,
            uses: scalar(usesNode)?.trim(),
            usesNode,
            run: get(doc, step, 'run'),
            with: get(doc, step, 'with'),
            env: get(doc, step, 'env'),
          },
        ];
      });
      return [{ id, keyNode: key, node, steps }];
    });
    found.push({ root, triggers: triggersOf(doc, root), jobs });
  }
  return found;
}

/** How a step is named in messages: its `name`, else its `uses`, else its position. */
export function stepLabel(doc: YamlDoc, job: WorkflowJob, step: WorkflowStep): string {
  const name = scalar(get(doc, step.node, 'name'));
  if (name) return `step \`${name}\` of job \`${job.id}\``;
  if (step.uses) return `step \`${step.uses}\` of job \`${job.id}\``;
  return `step ${step.index + 1} of job \`${job.id}\``;
}

/** A label at the start of a sentence. */
export function capitalized(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** A `uses:` reference, taken apart. */
export type ActionRef =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'docker'; readonly image: string; readonly digest: boolean }
  | {
      readonly kind: 'repo';
      /** `owner/repo` (lower-cased) and the path inside it, if any. */
      readonly repo: string;
      readonly owner: string;
      readonly path: string;
      readonly ref?: string;
    };

/** Parses `owner/repo[/path]@ref`, `./local` and `docker://image`. */
export function parseUses(uses: string): ActionRef {
  if (uses.startsWith('./') || uses.startsWith('../')) return { kind: 'local', path: uses };
  if (uses.toLowerCase().startsWith('docker://')) {
    const image = uses.slice('docker://'.length);
    return { kind: 'docker', image, digest: /@sha256:[0-9a-f]{64}$/i.test(image) };
  }
  const at = uses.lastIndexOf('@');
  const name = at < 0 ? uses : uses.slice(0, at);
  const ref = at < 0 ? undefined : uses.slice(at + 1);
  const [owner = '', repo = '', ...rest] = name.split('/');
  return {
    kind: 'repo',
    repo: `${owner}/${repo}`.toLowerCase(),
    owner: owner.toLowerCase(),
    path: rest.join('/'),
    ...(ref === undefined ? {} : { ref }),
  };
}

/** A full commit SHA (SHA-1, or SHA-256 for repositories that use it). */
export function isCommitSha(ref: string | undefined): boolean {
  return ref !== undefined && /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref);
}

/** Actions published by GitHub itself. */
export function isFirstParty(owner: string): boolean {
  return owner === 'actions' || owner === 'github';
}

/** Whether a step's `uses` is the given action (`actions/checkout`), at any ref. */
export function usesAction(step: WorkflowStep, action: string): boolean {
  if (!step.uses) return false;
  const ref = parseUses(step.uses);
  return ref.kind === 'repo' && ref.path === '' && ref.repo === action;
}

/** A `${{ }}` expression in the source of a scalar: its inner text and where it is. */
export interface SourceExpression {
  readonly inner: string;
  /** Offset of `${{` in the file. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** The source text of a node (for a scalar: as written, quotes and block header included). */
export function sourceOf(doc: YamlDoc, node: Node): { text: string; start: number } {
  const [start = 0, end = start] = node.range ?? [];
  return { text: doc.text.slice(start, end), start };
}

/**
 * The `${{ }}` expressions of a scalar, found in its source so that each has its own line,
 * whatever the scalar's style (a `run: |` block's lines are the file's lines).
 */
export function expressionsIn(doc: YamlDoc, node: Node | undefined): SourceExpression[] {
  if (!isScalar(node) || typeof node.value !== 'string') return [];
  const { text, start } = sourceOf(doc, node);
  const found: SourceExpression[] = [];
  for (const m of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
    const offset = start + (m.index ?? 0);
    const { line, col } = doc.lines.linePos(offset);
    found.push({ inner: m[1] ?? '', offset, line, column: col });
  }
  return found;
}

/**
 * Where the `n`-th (0-based) match of `pattern` in a scalar's source is: for a match found in
 * the scalar's value, the same match counted in the source (block scalars are indented, quoted
 * ones escaped, but a `${{ }}` or a `$VAR` reads the same in both).
 */
export function nthMatchPosition(
  doc: YamlDoc,
  node: Node,
  pattern: RegExp,
  n: number,
): { line: number; column: number } {
  const { text, start } = sourceOf(doc, node);
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  const matches = [...text.matchAll(new RegExp(pattern.source, flags))];
  const m = matches[n] ?? matches[matches.length - 1];
  if (!m) return positionOf(doc, node);
  const { line, col } = doc.lines.linePos(start + (m.index ?? 0));
  return { line, column: col };
}

/** Whether an expression refers to a secret (`secrets.X`, `secrets['X']`). */
export function mentionsSecret(inner: string): boolean {
  return /(?<![\w.])secrets\s*(?:\.\s*[A-Za-z_]|\[)/i.test(inner);
}

/** A `uses:` of a step, or of a job that calls a reusable workflow. */
export interface UsesSite {
  readonly node: Node;
  readonly uses: string;
  readonly ref: ActionRef;
  readonly job: WorkflowJob;
  readonly step?: WorkflowStep;
  /** Where it is: `job …` (a reusable workflow call), `step … of job …`, `a step of job …`. */
  readonly where: string;
}

/** Every `uses:` of a workflow file: steps' actions and jobs' reusable workflows. */
export function usesSites(doc: YamlDoc): UsesSite[] {
  const sites: UsesSite[] = [];
  for (const workflow of workflowsOf(doc)) {
    for (const job of workflow.jobs) {
      const jobUses = get(doc, job.node, 'uses');
      const called = scalar(jobUses)?.trim();
      if (jobUses && called)
        sites.push({
          node: jobUses,
          uses: called,
          ref: parseUses(called),
          job,
          where: `job \`${job.id}\``,
        });
      for (const step of job.steps) {
        if (!step.usesNode || !step.uses) continue;
        sites.push({
          node: step.usesNode,
          uses: step.uses,
          ref: parseUses(step.uses),
          job,
          step,
          where: scalar(get(doc, step.node, 'name'))
            ? stepLabel(doc, job, step)
            : `a step of job \`${job.id}\``,
        });
      }
    }
  }
  return sites;
}

/** Whether a `uses:` can change under the workflow: a tag or branch instead of a commit or digest. */
export function isMutable(ref: ActionRef): boolean {
  if (ref.kind === 'local') return false;
  if (ref.kind === 'docker') return !ref.digest;
  return ref.ref !== undefined && !isCommitSha(ref.ref);
}

/** The secrets an expression names: `secrets.NPM_TOKEN`, `secrets['NPM_TOKEN']`. */
export function secretNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(
    /(?<![\w.])secrets\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*'([^']+)'\s*\])/gi,
  )) {
    const name = `secrets.${m[1] ?? m[2]}`;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The secrets the `${{ }}` expressions of a text name. */
export function secretsIn(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(/\$\{\{([\s\S]*?)\}\}/g))
    for (const name of secretNames(m[1] ?? '')) if (!names.includes(name)) names.push(name);
  return names;
}

/** A job or step condition that keeps forks out (same-repository pull requests only). */
export const SAME_REPO_ONLY =
  /head\s*\.\s*repo\s*\.\s*full_name\s*==\s*github\s*\.\s*repository\b|\bgithub\s*\.\s*repository\s*==\s*github\s*\.\s*event\s*\.\s*pull_request\s*\.\s*head\s*\.\s*repo\s*\.\s*full_name|head\s*\.\s*repo\s*\.\s*fork\s*==\s*false|!\s*github\s*\.\s*event\s*\.\s*pull_request\s*\.\s*head\s*\.\s*repo\s*\.\s*fork\b/i;
