import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import {
  type Baseline,
  buildScanReport,
  changedFilesSince,
  createScanTarget,
  detectCi,
  type FailOn,
  type HistoryRequest,
  type HubTriage,
  type Logger,
  loadConfig,
  mergeBaseOf,
  type Posture,
  type ProgressSink,
  type RampartConfig,
  type ReportMeta,
  readBaseline,
  readFilesAt,
  resolveCacheDir,
  runScan,
  SCANNER_KINDS,
  type Scanner,
  type ScannerKind,
  type ScanReport,
  type ScanResult,
  type ScanTarget,
  type Stage,
  stagedFiles,
  stageFromCi,
  UsageError,
  verifyCommitRef,
} from '@rampart/core';
import { RAMPART_VERSION } from '../version.js';

/** The scan options shared by `rampart scan` and `rampart baseline create`. */
export interface ScanRequest {
  readonly path: string;
  readonly scanners?: string | undefined;
  readonly rules?: readonly string[] | undefined;
  readonly failOn?: FailOn | undefined;
  readonly baseline?: string | undefined;
  readonly diffBase?: string | undefined;
  readonly stage?: Stage | undefined;
  readonly config?: string | undefined;
  /** `--history`, `--history-since REF` or `--staged`. */
  readonly history?: HistoryRequest | undefined;
  /** `--sbom FILE`: scan this CycloneDX SBOM's components instead of the tree's lockfiles. */
  readonly sbom?: string | undefined;
  /** The hub's triage of the project (`--server`): what it covers is suppressed before the gate. */
  readonly hubTriage?: HubTriage | undefined;
  /**
   * Put the repository's posture (facts, paved-road outcome) in the report. Only a full scan
   * of the tree has one: never with `--staged`, `--diff-base`, `--sbom` or of a single file.
   */
  readonly posture?: boolean | undefined;
}

/** What the scan needs from its surroundings. */
export interface ScanDeps {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly installed: readonly Scanner[];
  readonly logger: Logger;
  readonly progress?: ProgressSink | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Whether to apply a baseline (baseline create must see everything). */
  readonly useBaseline?: boolean | undefined;
}

/** A finished scan: the result for the gate and the report for reporters. */
export interface ScanOutcome {
  readonly result: ScanResult;
  readonly report: ScanReport;
  readonly root: string;
  readonly config: RampartConfig;
  /** What the report says besides the result, to build it again (e.g. for the hub). */
  readonly meta: ReportMeta;
}

/** Picks the scanners: --scanners, else the config's list, else every installed one. */
export function selectScanners(
  flag: string | undefined,
  fromConfig: readonly string[] | undefined,
  installed: readonly Scanner[],
  logger: Logger,
): Scanner[] {
  const available = installed.map((s) => s.kind);
  if (flag !== undefined) {
    const wanted = flag
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (wanted.length === 0) throw new UsageError('--scanners needs at least one scanner name');
    for (const name of wanted) {
      if (!(SCANNER_KINDS as readonly string[]).includes(name)) {
        throw new UsageError(`unknown scanner "${name}" in --scanners`, {
          hint: `scanners are: ${SCANNER_KINDS.join(', ')}`,
        });
      }
      if (!available.includes(name as Scanner['kind'])) {
        throw new UsageError(`scanner "${name}" is not installed in this build of rampart`, {
          hint:
            available.length > 0
              ? `installed: ${available.join(', ')}`
              : 'no scanner is installed yet',
        });
      }
    }
    return installed.filter((s) => wanted.includes(s.kind));
  }
  if (fromConfig !== undefined) {
    for (const name of fromConfig) {
      if (!available.includes(name as Scanner['kind'])) {
        logger.warn(`scanner "${name}" from rampart.yml is not installed in this build; skipped`);
      }
    }
    return installed.filter((s) => fromConfig.includes(s.kind));
  }
  return [...installed];
}

/** The scanners the user named, by flag or config; none when running every installed one. */
function requestedScanners(
  flag: string | undefined,
  fromConfig: readonly string[] | undefined,
): ScannerKind[] {
  const names = flag !== undefined ? flag.split(',').map((s) => s.trim()) : (fromConfig ?? []);
  return names.filter((n): n is ScannerKind => (SCANNER_KINDS as readonly string[]).includes(n));
}

async function assertRoot(root: string, given: string): Promise<void> {
  try {
    await stat(root);
  } catch {
    throw new UsageError(`path to scan does not exist: ${given}`);
  }
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** The same target (git facts, text cache) narrowed to some of its files. */
function withFiles(target: ScanTarget, files: readonly ScanTarget['files'][number][]): ScanTarget {
  return { ...target, files, readText: target.readText.bind(target) };
}

/**
 * The fingerprints of what the scanners find in the changed files as they were at the merge
 * base: the findings a change did not introduce. The files are read from git into a
 * throw-away folder and scanned there with the same scanners and settings (repository-wide
 * checks left out, as in the scan of the change); its messages are kept to debug level.
 */
async function fingerprintsAt(
  root: string,
  commit: string,
  target: ScanTarget,
  options: Omit<Parameters<typeof runScan>[0], 'target'>,
): Promise<Set<string>> {
  const contents = await readFilesAt(
    root,
    commit,
    target.files.map((f) => f.path),
  );
  if (contents.size === 0) return new Set();
  const dir = await mkdtemp(join(tmpdir(), 'rampart-base-'));
  try {
    for (const [path, content] of contents) {
      const file = join(dir, ...path.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
    }
    const quiet: Logger = {
      debug: options.logger.debug.bind(options.logger),
      info: (m, f) => options.logger.debug(`(merge base) ${m}`, f),
      warn: (m, f) => options.logger.debug(`(merge base) ${m}`, f),
      error: (m, f) => options.logger.debug(`(merge base) ${m}`, f),
    };
    const base = await runScan({
      ...options,
      logger: quiet,
      target: await createScanTarget(dir, {
        maxFileBytes: options.config.maxFileBytes,
        gitFacts: false,
        logger: quiet,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    });
    return new Set([
      ...base.findings.map((f) => f.fingerprint),
      ...base.suppressed.map((s) => s.finding.fingerprint),
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Starts reading the repository's facts; the returned function completes the posture with
 * the paved-road outcome once the scanners have run. A failure costs the posture, never the
 * scan (it is reported).
 */
function startPosture(target: ScanTarget, deps: ScanDeps): () => Promise<Posture | undefined> {
  const started = performance.now();
  const module = import('@rampart/iac/posture');
  const facts = module.then((m) =>
    m.collectRepositoryFacts(target, { logger: deps.logger, signal: deps.signal }),
  );
  facts.catch(() => {});
  return async () => {
    try {
      const { pavedRoadOutcomeOf } = await module;
      const [read, pavedRoad] = await Promise.all([facts, pavedRoadOutcomeOf(target, deps.logger)]);
      deps.logger.debug(
        `posture: ${read.linesOfCode} lines of code, ${read.ci.join(' and ') || 'no'} CI, in ${Math.round(performance.now() - started)} ms`,
      );
      return pavedRoad ? { facts: read, pavedRoad } : { facts: read };
    } catch (err) {
      deps.logger.warn(
        `posture: the repository facts could not be read (${(err as Error).message})`,
      );
      return undefined;
    }
  };
}

/** Loads the config, builds the target and runs the selected scanners over it. */
export async function executeScan(request: ScanRequest, deps: ScanDeps): Promise<ScanOutcome> {
  const root = resolve(deps.cwd, request.path);
  await assertRoot(root, request.path);
  const config = await loadConfig({
    root,
    configFile: request.config === undefined ? undefined : resolve(deps.cwd, request.config),
  });
  if (config.path) deps.logger.debug(`using config ${config.path}`);
  let scanners = selectScanners(request.scanners, config.scanners, deps.installed, deps.logger);
  if (request.sbom !== undefined) {
    // An SBOM lists packages: only dependency analysis applies to it.
    scanners = scanners.filter((s) => s.kind === 'sca');
    if (scanners.length === 0) {
      throw new UsageError('--sbom needs the sca scanner', {
        hint: 'leave out --scanners, or include sca in it',
      });
    }
  }
  // Other tools rampart.yml enables run alongside the scanners of their kind. Not in the
  // pre-commit hook's staged scan, which must stay fast.
  if (
    request.sbom === undefined &&
    request.history?.kind !== 'staged' &&
    Object.keys(config.tools).length > 0
  ) {
    const { toolScanners } = await import('@rampart/importers');
    const kinds = new Set(scanners.map((s) => s.kind));
    scanners = [...scanners, ...toolScanners(config.tools).filter((t) => kinds.has(t.kind))];
  }
  if (scanners.length === 0) {
    deps.logger.warn(
      deps.installed.length === 0
        ? 'no scanner is installed in this build of rampart yet: nothing was checked'
        : 'no scanner selected (check `scanners:` in rampart.yml): nothing was checked',
    );
  }

  for (const rulePath of request.rules ?? []) {
    try {
      await stat(resolve(deps.cwd, rulePath));
    } catch {
      throw new UsageError(`--rules path does not exist: ${rulePath}`);
    }
  }

  let baseline: Baseline | undefined;
  const baselinePath = request.baseline ? resolve(deps.cwd, request.baseline) : config.baseline;
  if (deps.useBaseline !== false && baselinePath) baseline = await readBaseline(baselinePath);

  // Config paths are relative to the config file's folder; the walker matches from the root.
  const prefix = toPosix(relative(config.baseDir, root));
  const insideConfigDir = prefix === '' || (!prefix.startsWith('..') && !prefix.startsWith('/'));
  let target: ScanTarget = await createScanTarget(root, {
    maxFileBytes: config.maxFileBytes,
    exclude: insideConfigDir ? config.exclude : [],
    excludeBase: insideConfigDir ? prefix : '',
    logger: deps.logger,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });

  // A bad ref is the user's mistake (exit 2), found before any scanner starts.
  if (request.history?.kind === 'since') await verifyCommitRef(root, request.history.ref);

  if (request.history?.kind === 'staged') {
    const staged = new Set(await stagedFiles(root));
    const files = target.files.filter((f) => staged.has(f.path));
    deps.logger.debug(`--staged: ${files.length} staged files`);
    target = withFiles(target, files);
  }

  let mergeBase: string | undefined;
  if (request.diffBase) {
    mergeBase = await mergeBaseOf(root, request.diffBase);
    const changed = new Set(await changedFilesSince(root, request.diffBase));
    const files = target.files.filter((f) => changed.has(f.path));
    deps.logger.info(
      `--diff-base ${request.diffBase}: ${files.length} of ${target.files.length} files changed since ${mergeBase.slice(0, 12)}`,
    );
    target = withFiles(target, files);
  }

  if (request.sbom !== undefined) {
    const file = resolve(deps.cwd, request.sbom);
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch {
      throw new UsageError(`--sbom file does not exist: ${request.sbom}`);
    }
    const path = toPosix(relative(root, file));
    target = {
      ...withFiles(target, [{ path, absolutePath: file, size }]),
      formats: { [path]: 'cyclonedx-json' },
    };
  }

  const common = {
    scanners,
    config,
    cacheDir: resolveCacheDir(deps.env),
    signal: deps.signal,
    rulePaths: (request.rules ?? []).map((r) => resolve(deps.cwd, r)),
    failOn: request.failOn,
    requested:
      request.sbom !== undefined
        ? (['sca'] as ScannerKind[])
        : requestedScanners(request.scanners, config.scanners),
    configPathPrefix: insideConfigDir ? prefix : '',
    diffBase: request.diffBase,
  };
  // The facts are read while the scanners run (they share the target's reads); the
  // paved-road outcome is the iac scanner's, taken once it has finished.
  // A single file says nothing about the repository's set-up (no CI, no SECURITY.md…).
  const posture =
    request.posture === true &&
    (await stat(root)).isDirectory() &&
    request.diffBase === undefined &&
    request.history?.kind !== 'staged' &&
    request.sbom === undefined
      ? startPosture(target, deps)
      : undefined;
  const existingFingerprints =
    mergeBase === undefined
      ? undefined
      : await fingerprintsAt(root, mergeBase, target, { ...common, logger: deps.logger });
  const result = await runScan({
    ...common,
    target,
    logger: deps.logger,
    progress: deps.progress,
    baseline,
    history: request.history,
    existingFingerprints,
    hubTriage: request.hubTriage,
  });

  const git = target.git;
  const ci = detectCi(deps.env);
  const stage = request.stage ?? stageFromCi(ci, git?.defaultBranch);
  if (ci && request.stage === undefined)
    deps.logger.debug(`stage ${stage} from ${ci.provider}`, { pullRequest: ci.pullRequest });
  const meta: ReportMeta = {
    toolVersion: RAMPART_VERSION,
    target: request.path,
    stage,
    diffBase: request.diffBase,
    mergeBase,
    ci,
    // CI checks out a detached HEAD: the branch (and the pull request's head) come from it.
    git: git && {
      commit: git.commit ?? ci?.commit,
      branch: git.branch ?? ci?.branch,
      defaultBranch: git.defaultBranch ?? ci?.defaultBranch,
      dirty: git.dirty,
    },
    posture: await posture?.(),
  };
  return { result, report: buildScanReport(result, meta), root, config, meta };
}
