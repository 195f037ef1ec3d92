import { isMap, type Node } from 'yaml';
import { jobs } from '../checks/gitlab-jobs.js';
import { child, entries, items, scalar } from '../parsers/yaml-doc.js';
import { type PipelineFile, runsRampartScan } from './github-facts.js';

/** What the GitLab CI files say about Rampart and security reports. */
export interface GitlabFacts {
  readonly pullRequests: boolean;
  readonly defaultBranch: boolean;
  /**
   * The file whose job publishes the results where GitLab shows them: a security report
   * (`artifacts: reports: sast:` …), or the JUnit report of a job that runs Rampart (what
   * `rampart init --ci gitlab` writes; the merge request widget shows it). GitLab reads no SARIF.
   */
  readonly resultsReport: string | null;
}

/** The report types of `artifacts: reports:` that GitLab shows as security reports. */
const SECURITY_REPORTS = [
  'sast',
  'secret_detection',
  'dependency_scanning',
  'container_scanning',
  'dast',
];

/**
 * A merge request pipeline condition (`$CI_PIPELINE_SOURCE == "merge_request_event"`,
 * `$CI_MERGE_REQUEST_IID`, `$CI_MERGE_REQUEST_IID != null`); `== null` (or `== ""`) is the
 * opposite: the variable is unset in every other pipeline.
 */
const MERGE_REQUEST =
  /CI_PIPELINE_SOURCE\}?\s*==\s*["']merge_request_event["']|\$\{?CI_MERGE_REQUEST_[A-Z_]+\}?(?!\s*==\s*(?:null\b|""|'')|\w)/;
/** Every branch pipeline: `$CI_COMMIT_BRANCH` alone, or `$CI_PIPELINE_SOURCE == "push"`. */
const ANY_BRANCH = /^\s*\$\{?CI_COMMIT_BRANCH\}?\s*$|CI_PIPELINE_SOURCE\}?\s*==\s*["']push["']/;
/** `$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`, either way round (`!=` is the opposite). */
const ON_DEFAULT_BRANCH =
  /CI_COMMIT_(?:BRANCH|REF_NAME)\}?\s*==\s*\$\{?CI_DEFAULT_BRANCH\b|CI_DEFAULT_BRANCH\}?\s*==\s*\$\{?CI_COMMIT_(?:BRANCH|REF_NAME)\b/;

/** `rampart import` (e.g. `--format junit`), as a command of a script. */
const RAMPART_IMPORT =
  /(?:^|[\s/;&|'"(])(?:@rampart\/cli(?:@[\w.^~<>=*-]+)?|rampart(?:\.js)?)\s+import\b/;

/** Whether a job's script runs Rampart: a scan, or the import of a scan's report. */
const runsRampart = (script: readonly string[]) =>
  script.some(
    (text) =>
      runsRampartScan(text) ||
      text.split('\n').some((line) => !/^\s*#/.test(line) && RAMPART_IMPORT.test(line)),
  );

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const textOf = (node: unknown): string[] =>
  [scalar(node), ...items(node).map(scalar)].flatMap((t) => (t ? [t] : []));

interface Triggers {
  readonly mergeRequests: boolean;
  readonly defaultBranch: boolean;
}

/** The refs of `only:` or `except:` (a list, or a map with `refs:`). */
const refsOf = (node: unknown): string[] =>
  isMap(node) ? textOf(child(node, 'refs')) : textOf(node);

/**
 * When a job runs, from its `rules:`, `only:` and `except:` (the job's own, else the ones it
 * extends); also when `workflow: rules:` creates pipelines.
 */
function triggers(node: Node, defaultBranches: readonly string[]): Triggers {
  const when = ruled(node, defaultBranches);
  const except = refsOf(child(node, 'except'));
  return {
    mergeRequests: when.mergeRequests && !except.includes('merge_requests'),
    defaultBranch:
      when.defaultBranch &&
      !except.some((r) => r === 'branches' || r === 'pushes' || defaultBranches.includes(r)),
  };
}

function ruled(node: Node, defaultBranches: readonly string[]): Triggers {
  const rules = child(node, 'rules');
  if (rules !== undefined) {
    let mergeRequests = false;
    let defaultBranch = false;
    for (const rule of items(rules)) {
      if (scalar(child(rule, 'when')) === 'never') continue;
      const condition = scalar(child(rule, 'if'));
      if (condition === undefined) {
        // A rule without `if` matches every pipeline: branch pipelines, the default one among them.
        defaultBranch = true;
        continue;
      }
      if (MERGE_REQUEST.test(condition)) mergeRequests = true;
      if (
        ON_DEFAULT_BRANCH.test(condition) ||
        ANY_BRANCH.test(condition) ||
        defaultBranches.some((b) =>
          new RegExp(
            `\\$\\{?CI_COMMIT_(?:BRANCH|REF_NAME)\\}?\\s*==\\s*["']${escapeRegExp(b)}["']`,
          ).test(condition),
        )
      )
        defaultBranch = true;
    }
    return { mergeRequests, defaultBranch };
  }
  const only = child(node, 'only');
  if (only !== undefined) {
    const refs = refsOf(only);
    return {
      mergeRequests: refs.includes('merge_requests'),
      defaultBranch: refs.some(
        (r) => r === 'branches' || r === 'pushes' || defaultBranches.includes(r),
      ),
    };
  }
  // No rules: the job runs in every branch pipeline (and no merge request pipeline).
  return { mergeRequests: false, defaultBranch: true };
}

/** A job's script lines (`before_script`, `script`, `after_script`). */
const scriptOf = (node: Node): string[] =>
  ['before_script', 'script', 'after_script'].flatMap((key) => textOf(child(node, key)));

/**
 * Reads the GitLab CI files once: where Rampart runs (a job whose script runs `rampart scan`,
 * itself or through the hidden jobs it `extends`; or an `include:` of a template whose name
 * says rampart, which counts for both kinds of pipeline) and which file publishes results
 * GitLab shows (a security report, or a Rampart job's JUnit report).
 */
export function gitlabFacts(
  files: readonly PipelineFile[],
  defaultBranches: string[],
): GitlabFacts {
  const parsed = new Set(files.map((f) => f.path));
  // `workflow: rules:` says which pipelines exist: a job runs only in those, and a job without
  // rules runs in all of them (merge request pipelines too).
  const workflow = files
    .map((f) => child(f.doc.documents[0]?.contents, 'workflow'))
    .find((w): w is Node => w !== undefined && child(w, 'rules') !== undefined);
  const pipelines = workflow && triggers(workflow, defaultBranches);
  let pullRequests = false;
  let defaultBranch = false;
  let resultsReport: string | null = null;
  for (const file of files) {
    const root = file.doc.documents[0]?.contents;
    const templates = new Map(
      entries(root).flatMap(([name, node]) =>
        name.startsWith('.') && node ? [[name, node] as const] : [],
      ),
    );
    /** The job and what it extends, nearest first (for scripts and rules, the nearest wins). */
    const lineage = (node: Node, depth = 0): Node[] =>
      depth > 5
        ? [node]
        : [
            node,
            ...textOf(child(node, 'extends')).flatMap((name) => {
              const parent = templates.get(name);
              return parent ? lineage(parent, depth + 1) : [];
            }),
          ];
    // An included template that names rampart runs it; a local file that is itself a
    // pipeline file of the target is judged by its own jobs instead.
    const include = child(root, 'include');
    for (const entry of items(include).length > 0 ? items(include) : [include]) {
      const local = (scalar(child(entry, 'local')) ?? scalar(entry))?.replace(/^\.?\//, '');
      if (local !== undefined && parsed.has(local)) continue;
      const words = [scalar(entry), ...entries(entry).flatMap(([, v]) => textOf(v))];
      if (words.some((w) => w !== undefined && /rampart/i.test(w))) {
        pullRequests = true;
        defaultBranch = true;
      }
    }
    for (const { node } of jobs(file.doc)) {
      const chain = lineage(node);
      const reports = chain.map((n) => child(child(n, 'artifacts'), 'reports')).find(Boolean);
      const script = chain.map(scriptOf).find((lines) => lines.length > 0) ?? [];
      if (
        resultsReport === null &&
        (SECURITY_REPORTS.some((r) => child(reports, r) !== undefined) ||
          (child(reports, 'junit') !== undefined && runsRampart(script)))
      )
        resultsReport = file.path;
      if (!script.some(runsRampartScan)) continue;
      const when = chain.find((n) =>
        ['rules', 'only', 'except'].some((key) => child(n, key) !== undefined),
      );
      const t =
        when === undefined && pipelines !== undefined
          ? pipelines
          : triggers(when ?? node, defaultBranches);
      if (t.mergeRequests && (pipelines?.mergeRequests ?? true)) pullRequests = true;
      if (t.defaultBranch && (pipelines?.defaultBranch ?? true)) defaultBranch = true;
    }
  }
  return { pullRequests, defaultBranch, resultsReport };
}
