import { isAlias, isMap, isSeq, type Node } from 'yaml';
import type { YamlDoc } from '../../check.js';
import { defineCheck } from '../../check.js';
import { child, entries, items, scalar } from '../../parsers/yaml-doc.js';
import { jobs } from '../gitlab-jobs.js';

const SCRIPT_KEYS = ['before_script', 'script', 'after_script'] as const;

/** A variable named like a secret (`DEPLOY_TOKEN`, `npm_password`, `AWS_SECRET_ACCESS_KEY`). */
const SECRET_NAME = /TOKEN|SECRET|PASSW(?:OR)?D|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_?KEY/i;
/** Predefined variables (`CI_JOB_TOKEN`) and analyzer settings: not secrets. */
const NOT_SECRET = /^(?:CI_|SECRET_DETECTION_)/;
/** `$NAME`, `${NAME}`, `$env:NAME` (PowerShell), `%NAME%` (cmd). */
const REFERENCE = /\$(?:env:)?\{?([A-Za-z_]\w*)|%([A-Za-z_]\w*)%/g;
/** `NAME=…`, `export NAME=…`: a shell variable the script sets itself. */
const ASSIGNED =
  /(?:^|[\s;&|(`])(?:(?:export|local|readonly|declare(?:\s+-\w+)*)\s+)?([A-Za-z_]\w*)=(?!=)/gm;

/** `$CI_PIPELINE_SOURCE == "merge_request_event"` (either quote) or `$CI_MERGE_REQUEST_IID`. */
const MR_PIPELINE =
  /\$\{?CI_PIPELINE_SOURCE\}?\s*==\s*(["'])merge_request_event\1|(["'])merge_request_event\2\s*==\s*\$\{?CI_PIPELINE_SOURCE\b|\$\{?CI_MERGE_REQUEST_I?ID\b\}?(?!\s*[=!]=)/;
const SOURCE_PROJECT = String.raw`\$\{?CI_MERGE_REQUEST_SOURCE_PROJECT_(?:ID|PATH)\b\}?`;
const REF_PROTECTED = String.raw`\$\{?CI_COMMIT_REF_PROTECTED\b\}?\s*`;
/** A condition that keeps forks out: same-project merge requests or protected refs only. */
const FORK_GUARD = new RegExp(
  `${SOURCE_PROJECT}\\s*(?:==|=~)|==\\s*${SOURCE_PROJECT}|${REF_PROTECTED}==\\s*["']?true\\b`,
);
/** The same, negated: what a `when: never` rule matches to exclude forks. */
const FORK_EXCLUDED = new RegExp(
  `${SOURCE_PROJECT}\\s*(?:!=|!~)|!=\\s*${SOURCE_PROJECT}|${REF_PROTECTED}(?:!=\\s*["']?true|==\\s*["']?false)\\b`,
);

/** Whether a rule list lets a job (or a pipeline) run for a fork's merge request. */
type Reach = 'fork' | 'none' | 'all' | 'unknown';

/** The node an alias or a `!reference [.job, key]` stands for. */
function resolve(doc: YamlDoc, node: unknown, depth = 0): Node | undefined {
  if (depth > 10) return undefined;
  if (isAlias(node)) {
    for (const d of doc.documents) {
      const target = node.resolve(d);
      if (target) return resolve(doc, target, depth + 1);
    }
    return undefined;
  }
  if (isSeq(node) && node.tag === '!reference') {
    let at: Node | undefined = doc.documents[0]?.contents as Node | undefined;
    for (const key of items(node).map(scalar)) at = resolve(doc, child(at, key ?? ''), depth + 1);
    return at;
  }
  return (node ?? undefined) as Node | undefined;
}

/** A sequence's items with aliases, `!reference`s and nested sequences expanded. */
function flatItems(doc: YamlDoc, node: Node | undefined, depth = 0): Node[] {
  if (depth > 10) return [];
  return items(node).flatMap((item) => {
    const n = resolve(doc, item);
    return isSeq(n) ? flatItems(doc, n, depth + 1) : n ? [n] : [];
  });
}

/** What a job inherits from: `<<: *anchor` merges first, then `extends` (the last listed wins). */
function bases(doc: YamlDoc, job: Node): Node[] {
  const root = doc.documents[0]?.contents;
  const merge = child(job, '<<');
  const merged = isSeq(merge) ? items(merge) : [merge];
  const ext = resolve(doc, child(job, 'extends'));
  const names = scalar(ext) !== undefined ? [scalar(ext)] : items(ext).map(scalar);
  return [
    ...merged.map((m) => resolve(doc, m)),
    ...names.reverse().map((n) => resolve(doc, child(root, n ?? ''))),
  ].filter((n): n is Node => isMap(n));
}

/** A job's `key`, its own or inherited through anchors and `extends` in this file. */
function lookup(
  doc: YamlDoc,
  job: Node | undefined,
  key: string,
  seen = new Set<Node>(),
): Node | null | undefined {
  if (!isMap(job) || seen.has(job)) return undefined;
  seen.add(job);
  const own = child(job, key);
  if (own !== undefined) return resolve(doc, own) ?? null;
  for (const base of bases(doc, job)) {
    const found = lookup(doc, base, key, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** One `NAME: value` (or `NAME: { value: … }`) of a `variables` map. */
interface Variable {
  readonly name: string;
  readonly value: Node | undefined;
}

/** The entries of a `variables` map. */
const variableEntries = (doc: YamlDoc, node: Node | undefined): Variable[] =>
  entries(resolve(doc, node)).map(([name, value]) => {
    const v = resolve(doc, value);
    return { name, value: isMap(v) ? resolve(doc, child(v, 'value')) : v };
  });

/** A job's `variables`, own and inherited. */
function variablesOf(doc: YamlDoc, job: Node | undefined, seen = new Set<Node>()): Variable[] {
  if (!isMap(job) || seen.has(job)) return [];
  seen.add(job);
  return [
    ...variableEntries(doc, child(job, 'variables')),
    ...bases(doc, job).flatMap((b) => variablesOf(doc, b, seen)),
  ];
}

/** The references to secret-looking variables in a text, predefined `CI_*` ones left out. */
const secretRefs = (text: string): RegExpMatchArray[] =>
  [...text.matchAll(REFERENCE)].filter((m) => {
    const name = m[1] ?? m[2] ?? '';
    return SECRET_NAME.test(name) && !NOT_SECRET.test(name);
  });

/** Splits an `if:` on its top-level `||` (parentheses and quotes kept together). */
function disjuncts(condition: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < condition.length; i++) {
    const c = condition[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && c === '|' && condition[i + 1] === '|') {
      out.push(condition.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  return [...out, condition.slice(start)];
}

/** Whether an `if:` alternative is nothing but the merge request test. */
const onlyMergeRequest = (d: string): boolean =>
  MR_PIPELINE.test(d) &&
  d.replace(new RegExp(MR_PIPELINE, 'g'), '').replace(/&&|[()\s]/g, '') === '';

/** Evaluates `rules` in order, as GitLab does, for a merge request from a fork. */
function reach(doc: YamlDoc, rules: Node | null | undefined): Reach {
  for (const rule of flatItems(doc, rules ?? undefined)) {
    if (!isMap(rule)) return 'unknown';
    const never = scalar(resolve(doc, child(rule, 'when')))?.trim() === 'never';
    const narrowed = child(rule, 'changes') !== undefined || child(rule, 'exists') !== undefined;
    const condition = resolve(doc, child(rule, 'if'));
    if (condition === undefined) {
      // A rule without `if` matches every pipeline (merge requests too).
      if (!never) return 'all';
      if (!narrowed) return 'none';
      continue;
    }
    const text = scalar(condition);
    if (text === undefined) return 'unknown';
    const alternatives = disjuncts(text);
    if (never) {
      if (!narrowed && alternatives.some((d) => FORK_EXCLUDED.test(d) || onlyMergeRequest(d)))
        return 'none';
    } else if (alternatives.some((d) => MR_PIPELINE.test(d) && !FORK_GUARD.test(d))) return 'fork';
    // A guarded merge request rule matches same-project merge requests only: forks fall through.
  }
  return 'none';
}

/** `only: [merge_requests]` / `only: { refs: [merge_requests] }`, with their `variables` guards. */
function reachOnly(
  doc: YamlDoc,
  only: Node | null | undefined,
  except: Node | null | undefined,
): Reach {
  const refs = (n: Node | null | undefined): string[] => {
    const v = isMap(n) ? resolve(doc, child(n, 'refs')) : n;
    const one = scalar(v);
    return one !== undefined
      ? [one]
      : flatItems(doc, v ?? undefined).flatMap((i) => scalar(i) ?? []);
  };
  const expressions = (n: Node | null | undefined): string[] =>
    isMap(n)
      ? flatItems(doc, resolve(doc, child(n, 'variables'))).flatMap((i) => scalar(i) ?? [])
      : [];
  if (!refs(only).includes('merge_requests') || refs(except).includes('merge_requests'))
    return 'none';
  if (expressions(only).some((e) => FORK_GUARD.test(e))) return 'none';
  if (expressions(except).some((e) => FORK_EXCLUDED.test(e))) return 'none';
  return 'fork';
}

/** Whether a job inherits `key` from `default:` (`inherit: { default: false | [keys] }`). */
function inheritsDefault(doc: YamlDoc, job: Node, key: string): boolean {
  const setting = resolve(doc, child(lookup(doc, job, 'inherit') ?? undefined, 'default'));
  const flag = scalar(setting);
  if (flag !== undefined) return flag !== 'false';
  return isSeq(setting) ? flatItems(doc, setting).some((i) => scalar(i) === key) : true;
}

/** The scalars of a script value (a string or a list of strings and nested lists). */
const scriptScalars = (doc: YamlDoc, node: Node | null | undefined): Node[] =>
  scalar(node) !== undefined ? [node as Node] : flatItems(doc, node ?? undefined);

/** A job that runs for merge requests, forks' included, with secret variables in reach. */
export const gitlabForkMrProtectedVariables = defineCheck({
  meta: {
    id: 'gitlab-fork-mr-protected-variables',
    kind: 'gitlab-ci',
    title: 'Secret variable used in fork merge request pipelines',
    severity: 'high',
    confidence: 'medium',
    cwe: ['CWE-668'],
    owasp: 'A08:2021',
    description:
      "A job that runs in merge request pipelines reads a secret variable, and nothing keeps it from running for a merge request from a fork: when the project runs fork merge requests' pipelines in the parent project, the fork's author writes the job's script and can send the secret anywhere. Whether the project does, and whether the variable is protected, cannot be known from the file.",
    remediation:
      'Split the job: keep the part that needs the secret on protected branches or same-project merge requests (`if: $CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID`), let fork merge requests run only the secret-free part, and mark the variable protected and masked so that an unprotected ref never receives it.',
    references: [
      'https://docs.gitlab.com/ee/ci/pipelines/merge_request_pipelines.html#run-pipelines-in-the-parent-project',
      'https://docs.gitlab.com/ee/ci/variables/#protect-a-cicd-variable',
      'https://docs.gitlab.com/ee/ci/jobs/job_rules.html#common-if-clauses-with-predefined-variables',
    ],
  },
  check(doc, report) {
    const root = doc.documents[0]?.contents as Node | undefined;
    const workflow = lookup(doc, resolve(doc, child(root, 'workflow')), 'rules');
    const pipelines = workflow === undefined ? 'unknown' : reach(doc, workflow);
    // Workflow rules that create no pipeline for a fork's merge request protect every job.
    if (pipelines === 'none') return;
    const globals = variableEntries(doc, child(root, 'variables'));
    const defaults = resolve(doc, child(root, 'default'));

    for (const { name: jobName, node } of jobs(doc)) {
      const job = resolve(doc, node);
      if (jobName === 'default' || !isMap(job)) continue;
      const rules = lookup(doc, job, 'rules');
      const only = lookup(doc, job, 'only');
      const except = lookup(doc, job, 'except');
      let runs: Reach;
      if (rules !== undefined) runs = reach(doc, rules);
      else if (only !== undefined || except !== undefined) runs = reachOnly(doc, only, except);
      else runs = pipelines; // no rules of its own: every pipeline the workflow creates
      if (runs === 'all' && pipelines === 'fork') runs = 'fork';
      if (runs !== 'fork') continue;

      // Where the job's commands come from: its own, inherited, or `default:` scripts.
      const scripts = SCRIPT_KEYS.flatMap((key) => {
        const own = lookup(doc, job, key);
        if (own !== undefined) return scriptScalars(doc, own);
        if (key === 'script' || !inheritsDefault(doc, job, key)) return [];
        return scriptScalars(doc, resolve(doc, child(defaults, key) ?? child(root, key)));
      });
      const variables = variablesOf(doc, job);
      const sources = [...scripts, ...variables.flatMap((v) => (v.value ? [v.value] : []))];

      // Names the file (a non-empty value without secrets) or the script sets are not secrets
      // from the settings; an empty value is a placeholder the settings override.
      const local = new Set<string>();
      for (const v of [...globals, ...variables]) {
        const value = scalar(v.value) ?? '';
        if (value.trim() !== '' && secretRefs(value).length === 0) local.add(v.name);
      }
      for (const [name] of entries(lookup(doc, job, 'id_tokens'))) local.add(name);
      for (const s of scripts)
        for (const m of (scalar(s) ?? '').matchAll(ASSIGNED)) if (m[1]) local.add(m[1]);

      let first: { offset: number; name: string } | undefined;
      for (const source of sources) {
        const start = source.range?.[0];
        if (start === undefined) continue;
        const raw = doc.text.slice(start, source.range?.[1]);
        const hit = secretRefs(raw).find((m) => !local.has(m[1] ?? m[2] ?? ''));
        if (hit?.index === undefined) continue;
        const offset = start + hit.index;
        if (!first || offset < first.offset) first = { offset, name: hit[1] ?? hit[2] ?? '' };
      }
      if (!first) continue;
      const { line, col } = doc.lines.linePos(first.offset);
      report({
        line,
        column: col,
        message: `Job ${jobName} reads secret variable ${first.name} in merge request pipelines without a fork guard: a merge request from a fork can change the job's script and send the secret anywhere.`,
      });
    }
  },
});
