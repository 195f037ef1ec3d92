import type { Logger, RepositoryFacts, ScanTarget } from '@rampart/core';
import { isRampartError } from '@rampart/core';
import { parse } from 'yaml';
import { kindByName } from '../classify.js';
import { parseYamlDoc } from '../parsers/yaml-doc.js';
import { githubFacts, type PipelineFile, runsRampartScan } from './github-facts.js';
import { gitlabFacts } from './gitlab-facts.js';
import { repositoryFilesOf } from './repository-root.js';
import { isSourceFile } from './source-languages.js';

/** What {@link collectRepositoryFacts} may use besides the target. */
export interface CollectFactsOptions {
  readonly logger?: Logger | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Source files larger than this are left out of the line count (generated or vendored code). */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** How many files are read at once. */
const READ_CONCURRENCY = 16;
/** The longest path a report may name. */
const MAX_PATH = 1024;
/** The unpinned actions a report lists (the schema's limit). */
const MAX_EXAMPLES = 20;

/** The tools that find secrets in a commit before it is made. */
const SECRETS_TOOL = /rampart|gitleaks|trufflehog|detect-secrets/i;
/** The same, besides Rampart, as commands of a script. */
const OTHER_SECRETS_TOOL = /(?:^|[\s/;&|'"(])(?:gitleaks|trufflehog|detect-secrets(?:-hook)?)\b/;

// Where each fact is looked for, lower-cased paths from the target root, in order of preference.
const SECURITY_POLICY = ['security.md', '.github/security.md', 'docs/security.md'];
const CODEOWNERS = ['codeowners', '.github/codeowners', 'docs/codeowners', '.gitlab/codeowners'];
const DEPENDABOT = ['.github/dependabot.yml', '.github/dependabot.yaml'];
const RENOVATE = [
  'renovate.json',
  'renovate.json5',
  '.renovaterc',
  '.renovaterc.json',
  '.github/renovate.json',
  '.github/renovate.json5',
  '.gitlab/renovate.json',
  '.gitlab/renovate.json5',
];
type HookKind = NonNullable<RepositoryFacts['secretsHook']>['kind'];
const HOOKS: readonly { readonly path: string; readonly kind: HookKind }[] = [
  { path: '.pre-commit-config.yaml', kind: 'pre-commit' },
  { path: '.pre-commit-config.yml', kind: 'pre-commit' },
  { path: '.husky/pre-commit', kind: 'husky' },
  { path: 'lefthook.yml', kind: 'lefthook' },
  { path: 'lefthook.yaml', kind: 'lefthook' },
  { path: '.lefthook.yml', kind: 'lefthook' },
  { path: '.lefthook.yaml', kind: 'lefthook' },
  { path: '.githooks/pre-commit', kind: 'git-hooks' },
];
/** The hooks a project below the git top level may keep in its own folder. */
const FOLDER_HOOKS = HOOKS.filter((h) => h.kind === 'husky' || h.kind === 'git-hooks');
const THREAT_MODEL = /(?:^|\/)(?:[^/]+\.)?threatmodel\.ya?ml$/i;

/** Lines of a text: its newlines, plus an unterminated last line. */
function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  return text.length > 0 && !text.endsWith('\n') ? lines + 1 : lines;
}

/** YAML as plain data, or undefined when it does not parse. */
function yamlData(text: string): unknown {
  try {
    return parse(text, { maxAliasCount: 100, prettyErrors: false });
  } catch {
    return undefined;
  }
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The lines of a shell script that are not comments. */
const commands = (text: string) =>
  text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');

/** Whether a hook file runs a secrets tool before each commit. */
function hookFinds(kind: HookKind, text: string): boolean {
  // A script must run a scan: `npm run rampart-docs` or `rampart rules test` find no secret.
  if (kind === 'husky' || kind === 'git-hooks')
    return runsRampartScan(text) || OTHER_SECRETS_TOOL.test(commands(text));
  const data = record(yamlData(text));
  if (!data) return false;
  if (kind === 'lefthook') {
    const stage = data['pre-commit'];
    return stage !== undefined && SECRETS_TOOL.test(JSON.stringify(stage));
  }
  return list(data.repos).some((repo) =>
    list(record(repo)?.hooks).some((hook) => {
      const h = record(hook);
      return [h?.id, h?.entry, h?.name].some((v) => typeof v === 'string' && SECRETS_TOOL.test(v));
    }),
  );
}

/** A repository fact a single file proves on its own, by the lists and rules the collector uses. */
export type FileFact =
  | 'securityPolicy'
  | 'codeowners'
  | 'dependencyUpdates'
  | 'secretsHook'
  | 'threatModel';

/**
 * The fact a file at `path` (from the repository root) with this content proves, if any:
 * what the hub credits an organisation template with (its "provides"), so that a template
 * provides exactly what a scan of a repository holding its files would find. CI files,
 * whose facts depend on the whole pipeline, are not judged here.
 */
export function factOfFile(path: string, text: string): FileFact | undefined {
  const lower = path.toLowerCase();
  if (SECURITY_POLICY.includes(lower)) return 'securityPolicy';
  if (CODEOWNERS.includes(lower)) return 'codeowners';
  if (DEPENDABOT.includes(lower) || RENOVATE.includes(lower)) return 'dependencyUpdates';
  const hook = HOOKS.find((h) => h.path === lower);
  if (hook) return hookFinds(hook.kind, text) ? 'secretsHook' : undefined;
  if (THREAT_MODEL.test(path)) return 'threatModel';
  return undefined;
}

/** `true` when an element of a threat model is internet-facing; undefined when it does not parse. */
function internetFacingOf(text: string): boolean | undefined {
  const model = record(yamlData(text));
  if (!model || !Array.isArray(model.elements)) return undefined;
  return model.elements.some((e) => record(record(e)?.attributes)?.internetFacing === true);
}

/** Runs `work` over `inputs`, `limit` at a time. */
async function eachLimited<T>(
  inputs: readonly T[],
  limit: number,
  work: (input: T) => Promise<void>,
  signal: AbortSignal | undefined,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < inputs.length && !signal?.aborted) {
      const input = inputs[next++] as T;
      await work(input);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
}

/**
 * What a repository's files say about its set-up (CI running Rampart, SARIF upload, secrets
 * hook, pinned actions, dependency updates, SECURITY.md, CODEOWNERS, threat model) and its
 * size in lines of code: the facts behind the hub's posture checks. One pass over the target's
 * file set (ignore files and excludes respected); only the files that can prove a fact and the
 * source files are read. A file that cannot be read or parsed proves nothing; it never throws.
 *
 * When the target is a folder below the git top level (a project of a monorepo), the set-up
 * facts (CI, secrets hook, pinned actions, dependency updates, SECURITY.md, CODEOWNERS) come
 * from the top level's well-known files, named by their path from the top level; lines of
 * code and the threat model stay the folder's own. A folder outside git stands for itself.
 *
 * @example
 * const facts = await collectRepositoryFacts(await createScanTarget('/repo'));
 * facts.actions.unpinned; // 2
 */
export async function collectRepositoryFacts(
  target: ScanTarget,
  options: CollectFactsOptions = {},
): Promise<RepositoryFacts> {
  const threatModels: string[] = [];
  const sources: string[] = [];
  // Lines of code and the threat model are the scanned folder's.
  const ownByLowerPath = new Map<string, string>();
  for (const file of target.files) {
    const path = file.path;
    if (file.size <= MAX_SOURCE_BYTES && isSourceFile(path)) sources.push(path);
    // A report names the file that proves a fact; the schema bounds a path's length.
    if (path.length > MAX_PATH) continue;
    const lower = path.toLowerCase();
    if (!ownByLowerPath.has(lower)) ownByLowerPath.set(lower, path);
    if (THREAT_MODEL.test(path)) threatModels.push(path);
  }

  // The set-up (CI, hooks, dependency updates, SECURITY.md, CODEOWNERS) is the repository's:
  // the git top level's files when the scanned folder is a project below it.
  const repo = await repositoryFilesOf(target, options.logger);
  const byLowerPath = repo.prefix === '' ? ownByLowerPath : new Map<string, string>();
  const github: string[] = [];
  const gitlab: string[] = [];
  for (const path of repo.paths) {
    if (path.length > MAX_PATH) continue;
    const lower = path.toLowerCase();
    if (repo.prefix !== '' && !byLowerPath.has(lower)) byLowerPath.set(lower, path);
    // CI reads its files at the root only: a vendored project's workflows run nowhere.
    const kind = kindByName(path);
    if (kind === 'github-actions' && lower.startsWith('.github/workflows/')) github.push(path);
    else if (kind === 'gitlab-ci' && (!lower.includes('/') || lower.startsWith('.gitlab/ci/')))
      gitlab.push(path);
  }
  const find = (candidates: readonly string[]) =>
    candidates.map((c) => byLowerPath.get(c)).find((p) => p !== undefined) ?? null;

  const readWith =
    (readText: (path: string) => Promise<string>) =>
    async (path: string): Promise<string | undefined> => {
      try {
        return await readText(path);
      } catch (err) {
        options.logger?.debug(`posture: cannot read ${path}`, { error: (err as Error).message });
        return undefined;
      }
    };
  const readOwn = readWith((path) => target.readText(path));
  const read = readWith((path) => repo.readText(path));
  const parsePipelines = async (paths: readonly string[]): Promise<PipelineFile[]> => {
    const parsed: PipelineFile[] = [];
    for (const path of paths) {
      const text = await read(path);
      if (text === undefined) continue;
      try {
        parsed.push({ path, doc: parseYamlDoc(text, path) });
      } catch (err) {
        if (!isRampartError(err)) throw err;
        options.logger?.debug(`posture: ${err.message}; skipped`);
      }
    }
    return parsed;
  };

  const defaultBranches = target.git?.defaultBranch
    ? [target.git.defaultBranch]
    : ['main', 'master'];
  const gh = githubFacts(await parsePipelines(github), defaultBranches);
  const gl = gitlabFacts(await parsePipelines(gitlab), defaultBranches);

  let secretsHook: RepositoryFacts['secretsHook'] = null;
  for (const hook of HOOKS) {
    const path = byLowerPath.get(hook.path);
    if (path === undefined) continue;
    const text = await read(path);
    if (text !== undefined && hookFinds(hook.kind, text)) {
      secretsHook = { kind: hook.kind, path };
      break;
    }
  }
  // A project below the top level may keep its own hooks folder (husky's set-up for a
  // package in a subfolder, or `core.hooksPath`): named from the top level too.
  for (const hook of repo.prefix === '' || secretsHook !== null ? [] : FOLDER_HOOKS) {
    const path = ownByLowerPath.get(hook.path);
    if (path === undefined || `${repo.prefix}${path}`.length > MAX_PATH) continue;
    const text = await readOwn(path);
    if (text !== undefined && hookFinds(hook.kind, text)) {
      secretsHook = { kind: hook.kind, path: `${repo.prefix}${path}` };
      break;
    }
  }

  let dependencyUpdates: RepositoryFacts['dependencyUpdates'] = null;
  const dependabot = find(DEPENDABOT);
  const renovate = find(RENOVATE);
  if (dependabot !== null) dependencyUpdates = { tool: 'dependabot', path: dependabot };
  else if (renovate !== null) dependencyUpdates = { tool: 'renovate', path: renovate };
  else if (byLowerPath.get('package.json') === 'package.json') {
    const text = await read('package.json');
    try {
      if (text !== undefined && record(JSON.parse(text))?.renovate !== undefined)
        dependencyUpdates = { tool: 'renovate', path: 'package.json' };
    } catch {
      // not JSON: no renovate key
    }
  }

  let internetFacing: boolean | undefined;
  for (const path of threatModels) {
    const text = await readOwn(path);
    const facing = text === undefined ? undefined : internetFacingOf(text);
    if (facing !== undefined) internetFacing = (internetFacing ?? false) || facing;
  }

  let linesOfCode = 0;
  await eachLimited(
    sources,
    READ_CONCURRENCY,
    async (path) => {
      const text = await readOwn(path);
      if (text !== undefined) linesOfCode += countLines(text);
    },
    options.signal,
  );

  const ci: RepositoryFacts['ci'] = [];
  if (github.length > 0) ci.push('github');
  if (gitlab.length > 0) ci.push('gitlab');
  return {
    ci,
    rampartInCi: {
      pullRequests: gh.pullRequests || gl.pullRequests,
      defaultBranch: gh.defaultBranch || gl.defaultBranch,
    },
    sarifUpload: gh.sarifUpload ?? gl.resultsReport,
    secretsHook,
    actions: {
      thirdParty: gh.thirdParty,
      unpinned: gh.unpinned.length,
      examples: gh.unpinned.slice(0, MAX_EXAMPLES),
    },
    dependencyUpdates,
    securityPolicy: find(SECURITY_POLICY),
    codeowners: find(CODEOWNERS),
    threatModel: threatModels[0] ?? null,
    ...(internetFacing === undefined ? {} : { internetFacing }),
    linesOfCode,
  };
}
