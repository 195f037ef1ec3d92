import { basename, isAbsolute, relative, sep } from 'node:path';
import type { Logger, RampartConfig, ScanTarget, Severity } from '@rampart/core';
import { isRampartError } from '@rampart/core';
import {
  collectDependencies,
  type Dependency,
  normalizePackageName,
  schemeFor,
} from '@rampart/sca/dependencies';
import { isMap, type Node } from 'yaml';
import type { YamlDoc } from '../check.js';
import { usesSites, type Workflow, workflowsOf } from '../checks/gha-workflow.js';
import { kindByName } from '../classify.js';
import { type DockerFrom, type DockerfileDoc, parseDockerfile } from '../parsers/dockerfile.js';
import { child, items, keyNode, parseYamlDoc, positionOf, scalar } from '../parsers/yaml-doc.js';
import { PAVED_ROAD_CHECK_IDS, PAVED_ROAD_CHECKS, type PavedRoadCheckId } from './checks.js';
import { type ImageRef, matchesPattern, parseImageRef, shortName } from './image-ref.js';
import type { PavedRoadPolicy } from './policy.js';
import { satisfiesRange } from './version-range.js';

/** Where a violation is: a line of a file, or a package of a manifest. */
export type ViolationSite =
  | {
      readonly kind: 'code';
      readonly path: string;
      readonly line: number;
      readonly column?: number;
    }
  | { readonly kind: 'package'; readonly dependency: Dependency };

/** One thing that is off the paved road, with the approved alternative. */
export interface Violation {
  readonly check: PavedRoadCheckId;
  readonly message: string;
  readonly remediation: string;
  readonly severity: Severity;
  /** Undefined for a repository-wide violation when there is no config file to point at. */
  readonly site: ViolationSite | undefined;
}

/** `pass`, `fail`, or `not-applicable` (the policy does not ask, or nothing to look at). */
export type CheckStatus = 'pass' | 'fail' | 'not-applicable';

/** One check's outcome. */
export interface CheckResult {
  readonly id: PavedRoadCheckId;
  readonly title: string;
  readonly status: CheckStatus;
  /** One line: what was looked at and what was found. */
  readonly summary: string;
  readonly violations: readonly Violation[];
}

/** The adherence of one repository to a policy. */
export interface PavedRoadReport {
  readonly policy: {
    readonly name: string | undefined;
    readonly source: string;
    /** The organisation's page about its paved road, when the policy links one. */
    readonly docs: string | undefined;
  };
  /** 0–100: the share of applicable checks that pass. 100 when none applies. */
  readonly score: number;
  readonly passed: number;
  readonly failed: number;
  readonly notApplicable: number;
  readonly checks: readonly CheckResult[];
}

/** What the checks read besides the policy. */
export interface PavedRoadInputs {
  readonly target: ScanTarget;
  readonly config: RampartConfig;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  /**
   * `change` when the target holds only the files a change touched (a `--diff-base` scan):
   * the checks that judge the whole repository (pipeline template, required scanners) are
   * then not applicable, since the files they need are not in the target.
   */
  readonly scope?: 'repository' | 'change' | undefined;
}

interface ParsedFile<T> {
  readonly path: string;
  readonly text: string;
  readonly doc: T;
}

/** What the checks share: each file parsed once. */
interface Facts {
  readonly policy: PavedRoadPolicy;
  readonly dockerfiles: ParsedFile<DockerfileDoc>[];
  readonly workflows: ParsedFile<YamlDoc>[];
  readonly gitlab: ParsedFile<YamlDoc>[];
  /** Undefined when the policy has no library rules (they are not collected then). */
  readonly dependencies: Dependency[] | undefined;
  /** The config file, relative to the target root, and where it names the policy. */
  readonly anchor:
    | { readonly path: string; readonly line: number; readonly column: number }
    | undefined;
  readonly config: RampartConfig;
  readonly configDoc: YamlDoc | undefined;
}

const GITHUB = 'GitHub Actions';
const GITLAB = 'GitLab CI';

async function gatherFacts(policy: PavedRoadPolicy, inputs: PavedRoadInputs): Promise<Facts> {
  const { target, config, logger } = inputs;
  const dockerfiles: ParsedFile<DockerfileDoc>[] = [];
  const workflows: ParsedFile<YamlDoc>[] = [];
  const gitlab: ParsedFile<YamlDoc>[] = [];
  for (const file of target.files) {
    const kind = kindByName(file.path);
    if (kind !== 'dockerfile' && kind !== 'github-actions' && kind !== 'gitlab-ci') continue;
    let text: string;
    try {
      text = await target.readText(file.path);
    } catch (err) {
      logger.warn(`paved road: cannot read ${file.path}; skipped`, {
        error: (err as Error).message,
      });
      continue;
    }
    try {
      if (kind === 'dockerfile')
        dockerfiles.push({ path: file.path, text, doc: parseDockerfile(text) });
      else {
        const doc = parseYamlDoc(text, file.path);
        (kind === 'github-actions' ? workflows : gitlab).push({ path: file.path, text, doc });
      }
    } catch (err) {
      if (!isRampartError(err)) throw err;
      logger.warn(`paved road: ${err.message}; skipped`);
    }
  }
  let dependencies: Dependency[] | undefined;
  if (policy.banned.length > 0 || policy.approved.some((a) => a.versions)) {
    const collected = await collectDependencies(target, logger, inputs.signal);
    dependencies = collected.manifests.length > 0 ? collected.dependencies : undefined;
  }
  let anchor: Facts['anchor'];
  let configDoc: YamlDoc | undefined;
  if (config.path !== undefined) {
    const rel = relative(target.root, config.path).split(sep).join('/');
    if (!rel.startsWith('../') && rel !== '..') {
      anchor = {
        path: rel,
        line: config.pavedRoad?.line ?? 1,
        column: config.pavedRoad?.column ?? 1,
      };
      try {
        configDoc = parseYamlDoc(await target.readText(rel), rel);
      } catch {
        configDoc = undefined;
      }
    }
  }
  return { policy, dockerfiles, workflows, gitlab, dependencies, anchor, config, configDoc };
}

function result(
  id: PavedRoadCheckId,
  status: CheckStatus,
  summary: string,
  violations: Violation[] = [],
): CheckResult {
  return { id, title: PAVED_ROAD_CHECKS[id].title, status, summary, violations };
}

/** The FROM line of a Dockerfile, where image findings point. */
const fromSite = (path: string, from: DockerFrom): ViolationSite => ({
  kind: 'code',
  path,
  line: from.instruction.line,
  column: from.instruction.column,
});

/** `pass` with one summary when nothing was found, else `fail` with the other. */
function judged(
  id: PavedRoadCheckId,
  violations: Violation[],
  passSummary: string,
  failSummary: string,
): CheckResult {
  return violations.length === 0
    ? result(id, 'pass', passSummary)
    : result(id, 'fail', failSummary, violations);
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

/** The FROMs that name an image (not `scratch`, an earlier stage, or a build argument). */
function externalFroms(file: ParsedFile<DockerfileDoc>) {
  const stages = new Set(file.doc.froms.flatMap((f) => (f.stage ? [f.stage.toLowerCase()] : [])));
  return file.doc.froms.flatMap((from) => {
    const reference = from.reference;
    if (!reference || reference === 'scratch' || reference.includes('$')) return [];
    if (stages.has(reference.toLowerCase())) return [];
    return [{ from, ref: parseImageRef(reference), reference }];
  });
}

/** The approved image to use instead: one that says it replaces `ref`, else one of the same name. */
function replacementFor(policy: PavedRoadPolicy, ref: ImageRef) {
  const approved = policy.file.baseImages?.approved ?? [];
  return (
    approved.find((a) =>
      (a.replaces ?? []).some((r) => parseImageRef(r).canonical === ref.canonical),
    ) ?? approved.find((a) => shortName(parseImageRef(a.image)) === shortName(ref))
  );
}

function approvedEntryFor(policy: PavedRoadPolicy, ref: ImageRef) {
  return (policy.file.baseImages?.approved ?? []).find(
    (entry) => parseImageRef(entry.image).canonical === ref.canonical,
  );
}

/** How to write an approved image in a FROM: with its first tag and its digest when known. */
function suggested(entry: {
  image: string;
  tags?: string[] | undefined;
  digest?: string | undefined;
}) {
  const tag = entry.tags?.find((t) => !t.endsWith('*'));
  return `${entry.image}${tag ? `:${tag}` : ''}${entry.digest ? `@${entry.digest}` : ''}`;
}

function baseImage(facts: Facts): CheckResult {
  const policy = facts.policy.file.baseImages;
  const registries = (policy?.registries ?? []).map((r) => r.toLowerCase());
  const approved = policy?.approved ?? [];
  if (registries.length === 0 && approved.length === 0)
    return result(
      'base-image',
      'not-applicable',
      'the policy lists no approved images or registries',
    );
  const froms = facts.dockerfiles.flatMap((file) =>
    externalFroms(file).map((f) => ({ ...f, file })),
  );
  if (froms.length === 0)
    return result('base-image', 'not-applicable', 'no Dockerfile builds on an image');
  const violations: Violation[] = [];
  for (const { from, ref, reference, file } of froms) {
    const entry = approvedEntryFor(facts.policy, ref);
    const tag = ref.tag ?? 'latest';
    if (entry && (!entry.tags || entry.tags.some((t) => matchesPattern(tag, t)))) continue;
    if (!entry && registries.includes(ref.registry)) continue;
    const replacement = replacementFor(facts.policy, ref);
    const message = entry
      ? `${reference} uses the approved image ${entry.image} at tag \`${tag}\`, which the policy does not approve (approved: ${entry.tags?.join(', ')}).`
      : `${reference} is not an approved base image${registries.length > 0 ? ` and ${ref.registry} is not an approved registry` : ''}.`;
    const remediation = entry
      ? `Use \`${suggested(entry)}\`${entry.rationale ? ` (${entry.rationale})` : ''}.`
      : replacement
        ? `Use \`${suggested(replacement)}\` instead of \`${reference}\`${replacement.rationale ? `: ${replacement.rationale}` : ''}.`
        : `Use an approved image: ${[
            ...approved.slice(0, 3).map((a) => `\`${a.image}\``),
            ...registries.slice(0, 3).map((r) => `any image from ${r}`),
          ].join(', ')}.`;
    violations.push({
      check: 'base-image',
      message,
      remediation,
      severity: PAVED_ROAD_CHECKS['base-image'].severity,
      site: fromSite(file.path, from),
    });
  }
  return judged(
    'base-image',
    violations,
    `${plural(froms.length, 'base image')}, all approved`,
    `${violations.length} of ${plural(froms.length, 'base image')} not approved`,
  );
}

function baseImageDigest(facts: Facts): CheckResult {
  if (!facts.policy.file.baseImages?.requireDigest)
    return result('base-image-digest', 'not-applicable', 'the policy does not require digests');
  const froms = facts.dockerfiles.flatMap((file) =>
    externalFroms(file).map((f) => ({ ...f, file })),
  );
  if (froms.length === 0)
    return result('base-image-digest', 'not-applicable', 'no Dockerfile builds on an image');
  const violations: Violation[] = froms
    .filter(({ ref }) => ref.digest === undefined)
    .map(({ from, ref, reference, file }): Violation => {
      const entry = approvedEntryFor(facts.policy, ref);
      const recordedTag = entry?.tags?.find((t) => !t.endsWith('*'));
      const replacement = entry ? undefined : replacementFor(facts.policy, ref);
      const inspect = `find it with \`docker buildx imagetools inspect ${reference}\``;
      // A recorded digest is for one tag (the first listed): never pair it with another tag.
      const fix =
        entry?.digest && (recordedTag === undefined || ref.tag === recordedTag)
          ? `Pin it: \`FROM ${reference}@${entry.digest}\``
          : entry?.digest
            ? `Pin it (${inspect}), or use the pinned \`FROM ${suggested(entry)}\` the policy records`
            : replacement?.digest
              ? `Use the approved, pinned \`FROM ${suggested(replacement)}\` (see paved-road/base-image), or pin this one (${inspect})`
              : `Pin it: \`FROM ${reference}@sha256:<digest>\` (${inspect})`;
      return {
        check: 'base-image-digest',
        message: `${reference} is not pinned by digest; the paved road requires \`@sha256:…\` on every base image.`,
        remediation: `${fix}, and let Renovate or Dependabot update the digest.`,
        severity: PAVED_ROAD_CHECKS['base-image-digest'].severity,
        site: fromSite(file.path, from),
      };
    });
  return judged(
    'base-image-digest',
    violations,
    `${plural(froms.length, 'base image')}, all pinned by digest`,
    `${violations.length} of ${plural(froms.length, 'base image')} not pinned by digest`,
  );
}

const chain = (dep: Dependency) =>
  dep.path.length > 1 ? ` (brought in by ${dep.path.slice(0, -1).join(' → ')})` : '';

/** "Replace `request` with `undici`" for a package name; free text is quoted as written. */
function replaceWith(name: string, replacement: string): string {
  return /\s/.test(replacement.trim())
    ? `Replace \`${name}\`: use ${replacement}`
    : `Replace \`${name}\` with \`${replacement}\``;
}

function bannedLibrary(facts: Facts): CheckResult {
  const { banned } = facts.policy;
  if (banned.length === 0)
    return result('banned-library', 'not-applicable', 'the policy bans no library');
  if (!facts.dependencies)
    return result('banned-library', 'not-applicable', 'no dependency manifest found');
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const dep of facts.dependencies) {
    const name = normalizePackageName(dep.ecosystem, dep.name);
    for (const rule of banned) {
      if (
        rule.ecosystem !== dep.ecosystem ||
        normalizePackageName(rule.ecosystem, rule.name) !== name
      )
        continue;
      if (rule.versions && !satisfiesRange(dep.version, rule.versions, schemeFor(dep.ecosystem)))
        continue;
      const key = `${dep.manifestPath}\0${dep.purl}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const which =
        rule.versions && rule.versions.text !== '*'
          ? ` (banned versions: ${rule.versions.text})`
          : '';
      violations.push({
        check: 'banned-library',
        message: `${dep.name}@${dep.version} is banned by the paved road${which}${rule.reason ? `: ${rule.reason}` : ''}${dep.direct ? '' : chain(dep)}.`,
        remediation: rule.replacement
          ? dep.direct
            ? `${replaceWith(dep.name, rule.replacement)}.`
            : `${replaceWith(dep.name, rule.replacement)}: upgrade or replace ${dep.path[0] ?? 'the direct dependency'}, which brings it in.`
          : dep.direct
            ? `Remove \`${dep.name}\`.`
            : `Upgrade or replace ${dep.path[0] ?? 'the direct dependency'}, which brings \`${dep.name}\` in.`,
        severity: rule.severity ?? PAVED_ROAD_CHECKS['banned-library'].severity,
        site: { kind: 'package', dependency: dep },
      });
    }
  }
  const total = facts.dependencies.length;
  return judged(
    'banned-library',
    violations,
    `${plural(total, 'dependency', 'dependencies')}, none banned`,
    plural(violations.length, 'banned dependency', 'banned dependencies'),
  );
}

function libraryVersion(facts: Facts): CheckResult {
  const ranged = facts.policy.approved.filter((a) => a.versions);
  if (ranged.length === 0)
    return result('library-version', 'not-applicable', 'the policy approves no version ranges');
  if (!facts.dependencies)
    return result('library-version', 'not-applicable', 'no dependency manifest found');
  const violations: Violation[] = [];
  let checked = 0;
  const seen = new Set<string>();
  for (const dep of facts.dependencies) {
    if (!dep.direct) continue;
    const name = normalizePackageName(dep.ecosystem, dep.name);
    for (const rule of ranged) {
      if (
        rule.ecosystem !== dep.ecosystem ||
        normalizePackageName(rule.ecosystem, rule.name) !== name
      )
        continue;
      const key = `${dep.manifestPath}\0${dep.purl}`;
      if (seen.has(key)) continue;
      seen.add(key);
      checked++;
      if (!rule.versions || satisfiesRange(dep.version, rule.versions, schemeFor(dep.ecosystem)))
        continue;
      violations.push({
        check: 'library-version',
        message: `${dep.name}@${dep.version} is outside the approved versions ${rule.versions.text}.`,
        remediation: `Move \`${dep.name}\` to a version in ${rule.versions.text}${rule.rationale ? ` (${rule.rationale})` : ''}.`,
        severity: PAVED_ROAD_CHECKS['library-version'].severity,
        site: { kind: 'package', dependency: dep },
      });
    }
  }
  if (checked === 0)
    return result(
      'library-version',
      'not-applicable',
      'no direct dependency on a library with approved versions',
    );
  return judged(
    'library-version',
    violations,
    `${plural(checked, 'approved library', 'approved libraries')} at approved versions`,
    `${violations.length} of ${checked} approved libraries outside their versions`,
  );
}

/** A GitLab `include:` entry, normalised. */
interface GitlabInclude {
  readonly node: Node;
  readonly project?: string;
  readonly files: readonly string[];
  readonly remote?: string;
  readonly component?: string;
}

function gitlabIncludes(file: ParsedFile<YamlDoc>): GitlabInclude[] {
  const root = file.doc.documents[0]?.contents;
  const include = child(root, 'include');
  if (!include) return [];
  const list = items(include).length > 0 ? items(include) : [include];
  return list.flatMap((entry): GitlabInclude[] => {
    const text = scalar(entry);
    if (text !== undefined)
      return [
        /^https?:\/\//.test(text)
          ? { node: entry, files: [], remote: text }
          : { node: entry, files: [text] },
      ];
    if (!isMap(entry)) return [];
    const project = scalar(child(entry, 'project'));
    const fileNode = child(entry, 'file');
    const files = [scalar(fileNode), ...items(fileNode).map(scalar)].flatMap((f) => (f ? [f] : []));
    const remote = scalar(child(entry, 'remote'));
    const component = scalar(child(entry, 'component'));
    return [
      {
        node: entry,
        files: files.length > 0 ? files : [scalar(child(entry, 'local')) ?? ''].filter((f) => f),
        ...(project ? { project } : {}),
        ...(remote ? { remote } : {}),
        ...(component ? { component } : {}),
      },
    ];
  });
}

const slashless = (s: string) => s.replace(/^\/+|\/+$/g, '').toLowerCase();

function pipelineTemplate(facts: Facts): CheckResult {
  const wanted = facts.policy.file.pipeline;
  if (!wanted?.github && !wanted?.gitlab)
    return result('pipeline-template', 'not-applicable', 'the policy names no pipeline template');
  const hasGithub = facts.workflows.length > 0;
  const hasGitlab = facts.gitlab.some((f) => /(^|\/)\.gitlab-ci\.ya?ml$/i.test(f.path));
  const violations: Violation[] = [];
  if (!hasGithub && !hasGitlab) {
    const how = wanted.github
      ? `a workflow in .github/workflows/ with a job \`uses: ${wanted.github.workflow}@${wanted.github.ref?.replace(/\*$/, '') ?? '<ref>'}\``
      : 'a .gitlab-ci.yml that includes the template';
    return result('pipeline-template', 'fail', 'no CI pipeline found', [
      {
        check: 'pipeline-template',
        message:
          'The repository has no CI pipeline (no .github/workflows/ and no .gitlab-ci.yml), so nothing runs the paved-road pipeline.',
        remediation: `Add ${how}.`,
        severity: PAVED_ROAD_CHECKS['pipeline-template'].severity,
        site: facts.anchor && { kind: 'code', ...facts.anchor },
      },
    ]);
  }
  const systems: string[] = [];
  const satisfied: string[] = [];
  if (hasGithub && wanted.github) {
    systems.push(GITHUB);
    const target = wanted.github.workflow;
    const [owner = '', repo = '', ...rest] = target.split('/');
    const repoName = `${owner}/${repo}`.toLowerCase();
    const path = rest.join('/');
    const calls = facts.workflows.flatMap((file) =>
      usesSites(file.doc)
        .filter(
          (s) =>
            s.step === undefined &&
            s.ref.kind === 'repo' &&
            s.ref.repo === repoName &&
            s.ref.path === path,
        )
        .map((s) => ({ file, site: s })),
    );
    const requiredRef = wanted.github.ref;
    const good = calls.filter(({ site }) => {
      const ref = site.ref.kind === 'repo' ? site.ref.ref : undefined;
      return requiredRef === undefined || (ref !== undefined && matchesPattern(ref, requiredRef));
    });
    const usesLine = `uses: ${target}@${requiredRef?.replace(/\*$/, '') ?? '<ref>'}`;
    if (good.length > 0) satisfied.push(GITHUB);
    else if (calls.length > 0) {
      for (const { file, site } of calls) {
        const at = positionOf(file.doc, site.node);
        violations.push({
          check: 'pipeline-template',
          message: `${site.where} calls the template at \`${site.uses.slice(site.uses.lastIndexOf('@') + 1)}\`, but the policy requires ref \`${requiredRef}\`.`,
          remediation: `Call \`${usesLine}\`.`,
          severity: PAVED_ROAD_CHECKS['pipeline-template'].severity,
          site: { kind: 'code', path: file.path, ...at },
        });
      }
    } else {
      const main = pickWorkflow(facts.workflows);
      const jobs = main && workflowsOf(main.doc)[0];
      const at =
        main && jobs ? positionOf(main.doc, keyNode(jobs.root, 'jobs')) : { line: 1, column: 1 };
      violations.push({
        check: 'pipeline-template',
        message: `No workflow calls the organisation's template ${target}.`,
        remediation: `Add a job that calls it:\n\n    jobs:\n      rampart:\n        ${usesLine}\n`,
        severity: PAVED_ROAD_CHECKS['pipeline-template'].severity,
        site: main && { kind: 'code', path: main.path, ...at },
      });
    }
  }
  if (hasGitlab && wanted.gitlab) {
    systems.push(GITLAB);
    const want = wanted.gitlab;
    const includes = facts.gitlab.flatMap((file) =>
      gitlabIncludes(file).map((inc) => ({ file, inc })),
    );
    const ok = includes.some(({ inc }) => {
      if (
        want.project &&
        want.file &&
        inc.project &&
        slashless(inc.project) === slashless(want.project)
      )
        return inc.files.some((f) => slashless(f) === slashless(want.file ?? ''));
      if (want.remote && inc.remote) return inc.remote === want.remote;
      if (want.component && inc.component)
        return slashless(inc.component.replace(/@[^@]*$/, '')) === slashless(want.component);
      return false;
    });
    if (ok) satisfied.push(GITLAB);
    else {
      const main =
        facts.gitlab.find((f) => /(^|\/)\.gitlab-ci\.ya?ml$/i.test(f.path)) ?? facts.gitlab[0];
      const includeKey = main && keyNode(main.doc.documents[0]?.contents, 'include');
      const at = main && includeKey ? positionOf(main.doc, includeKey) : { line: 1, column: 1 };
      const snippet = want.project
        ? `include:\n      - project: ${want.project}\n        file: ${want.file}`
        : want.remote
          ? `include:\n      - remote: ${want.remote}`
          : `include:\n      - component: ${want.component}@<version>`;
      violations.push({
        check: 'pipeline-template',
        message: "The GitLab CI configuration does not include the organisation's template.",
        remediation: `Include it:\n\n    ${snippet}\n`,
        severity: PAVED_ROAD_CHECKS['pipeline-template'].severity,
        site: main && { kind: 'code', path: main.path, ...at },
      });
    }
  }
  if (systems.length === 0)
    return result(
      'pipeline-template',
      'not-applicable',
      `the policy has no template for ${hasGithub ? GITHUB : GITLAB}`,
    );
  return judged(
    'pipeline-template',
    violations,
    `${satisfied.join(' and ')} ${satisfied.length > 1 ? 'call' : 'calls'} the template`,
    `${systems.filter((j) => !satisfied.includes(j)).join(' and ')} without the template`,
  );
}

/** The workflow a developer would expect to hold CI: one that runs on pull requests. */
function pickWorkflow(files: ParsedFile<YamlDoc>[]): ParsedFile<YamlDoc> | undefined {
  const runsOnPrs = (w: Workflow) => w.triggers.has('pull_request') || w.triggers.has('push');
  return files.find((f) => workflowsOf(f.doc).some(runsOnPrs)) ?? files[0];
}

/**
 * `rampart scan` (also `npx rampart`, `@rampart/cli`, `@rampart/cli@0.1.0`, `rampart.js`) in
 * a CI line; group 1 is the rest of the line (its flags).
 */
export const RAMPART_SCAN =
  /(?:^|[\s/;&|'"(])(?:@rampart\/cli(?:@[\w.^~<>=*-]+)?|rampart(?:\.js)?)\s+scan\b(.*)$/;

function requiredScanners(facts: Facts, templateUsed: boolean): CheckResult {
  const required = facts.policy.file.scanners ?? [];
  if (required.length === 0)
    return result('required-scanners', 'not-applicable', 'the policy requires no scanner');
  const violations: Violation[] = [];
  const severity = PAVED_ROAD_CHECKS['required-scanners'].severity;
  const missingOf = (listed: readonly string[]) => required.filter((s) => !listed.includes(s));
  const configPath = facts.anchor?.path;
  if (facts.config.scanners !== undefined) {
    const missing = missingOf(facts.config.scanners);
    if (missing.length > 0) {
      const root = facts.configDoc?.documents[0]?.contents;
      const key = keyNode(root, 'scanners');
      violations.push({
        check: 'required-scanners',
        message: `\`scanners:\` leaves out ${missing.join(', ')}, which the paved road requires.`,
        remediation: `Add ${missing.join(', ')} to \`scanners:\`, or remove the list to run every scanner.`,
        severity,
        site:
          configPath && facts.configDoc && key
            ? { kind: 'code', path: configPath, ...positionOf(facts.configDoc, key) }
            : facts.anchor && { kind: 'code', ...facts.anchor },
      });
    }
  }
  if (required.includes('sast') && facts.config.scannerOptions.sast?.builtInRules === false) {
    const node =
      facts.configDoc &&
      child(child(facts.configDoc.documents[0]?.contents, 'sast'), 'builtInRules');
    violations.push({
      check: 'required-scanners',
      message:
        '`sast.builtInRules: false` turns off the built-in SAST rules, which the paved road requires.',
      remediation: 'Remove `builtInRules: false`; silence single rules under `rules:` instead.',
      severity,
      site:
        configPath && facts.configDoc && node
          ? { kind: 'code', path: configPath, ...positionOf(facts.configDoc, node) }
          : facts.anchor && { kind: 'code', ...facts.anchor },
    });
  }
  let invocations = 0;
  for (const file of [...facts.workflows, ...facts.gitlab]) {
    const lines = file.text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (/^\s*#/.test(line)) continue;
      const m = RAMPART_SCAN.exec(line);
      if (!m) continue;
      invocations++;
      const flag = /--scanners(?:=|\s+)["']?([\w,-]+)/.exec(m[1] ?? '');
      if (!flag?.[1]) continue;
      const missing = missingOf(flag[1].split(',').map((s) => s.trim()));
      if (missing.length === 0) continue;
      violations.push({
        check: 'required-scanners',
        message: `This \`rampart scan\` leaves out ${missing.join(', ')}, which the paved road requires.`,
        remediation: `Add ${missing.join(', ')} to \`--scanners\`, or drop the flag to run every scanner.`,
        severity,
        site: {
          kind: 'code',
          path: file.path,
          line: i + 1,
          column: line.indexOf('--scanners') + 1 || 1,
        },
      });
    }
  }
  if (invocations === 0 && !templateUsed) {
    violations.push({
      check: 'required-scanners',
      message: `No CI job runs \`rampart scan\` (nor the organisation's template), so ${required.join(', ')} never run in CI.`,
      remediation:
        "Run `rampart scan` in a CI job on every pull request and on the default branch, or call the organisation's template.",
      severity,
      site: facts.anchor && { kind: 'code', ...facts.anchor },
    });
  }
  return judged(
    'required-scanners',
    violations,
    `${required.join(', ')} run${invocations > 0 ? ` (${plural(invocations, 'rampart scan')} in CI)` : ' through the template'}`,
    `${plural(violations.length, 'problem')} with the required scanners`,
  );
}

/** A policy file inside the repository by its relative path (no machine paths in reports). */
function shownSource(source: string, root: string): string {
  if (!isAbsolute(source)) return source;
  const rel = relative(root, source).split(sep).join('/');
  return rel.startsWith('../') || rel === '..' ? basename(source) : rel;
}

/**
 * Checks a repository against a paved-road policy. Each applicable check passes or fails;
 * the score is the share of applicable checks that pass, 0–100.
 */
export async function evaluatePavedRoad(
  policy: PavedRoadPolicy,
  inputs: PavedRoadInputs,
): Promise<PavedRoadReport> {
  const facts = await gatherFacts(policy, inputs);
  const wholeRepository = inputs.scope !== 'change';
  const partial = (id: PavedRoadCheckId) =>
    result(id, 'not-applicable', 'judged by full scans (this scan covers the changed files only)');
  const template = wholeRepository ? pipelineTemplate(facts) : partial('pipeline-template');
  const byId: Record<PavedRoadCheckId, CheckResult> = {
    'base-image': baseImage(facts),
    'base-image-digest': baseImageDigest(facts),
    'banned-library': bannedLibrary(facts),
    'library-version': libraryVersion(facts),
    'pipeline-template': template,
    'required-scanners': wholeRepository
      ? requiredScanners(facts, template.status === 'pass')
      : partial('required-scanners'),
  };
  const checks = PAVED_ROAD_CHECK_IDS.map((id) => byId[id]);
  const passed = checks.filter((c) => c.status === 'pass').length;
  const failed = checks.filter((c) => c.status === 'fail').length;
  const applicable = passed + failed;
  return {
    policy: {
      name: policy.file.name,
      source: shownSource(policy.source, inputs.target.root),
      docs: policy.file.docs,
    },
    score: applicable === 0 ? 100 : Math.round((100 * passed) / applicable),
    passed,
    failed,
    notApplicable: checks.length - applicable,
    checks,
  };
}
