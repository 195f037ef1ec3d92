import { access, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import {
  DEFAULT_FAIL_ON,
  DEFAULT_MAX_FILE_BYTES,
  parseByteSize,
  type RampartConfig,
  RampartConfigFileSchema,
  type ResolvedRuleSetting,
  resolveRuleSetting,
} from './config-schema.js';

/** File names looked for, in order, in the scan root and its parents up to the repository top. */
export const CONFIG_FILE_NAMES = [
  'rampart.yml',
  'rampart.yaml',
  '.rampart.yml',
  '.rampart.yaml',
] as const;

const TOP_LEVEL_KEYS = Object.keys(RampartConfigFileSchema.shape);

/** The configuration used when there is no `rampart.yml`. */
export function defaultConfig(baseDir: string): RampartConfig {
  return {
    path: undefined,
    baseDir,
    scanners: undefined,
    failOn: DEFAULT_FAIL_ON,
    exclude: [],
    maxFileBytes: DEFAULT_MAX_FILE_BYTES,
    baseline: undefined,
    rules: {},
    scannerOptions: {},
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Looks for a config file in `startDir`, then in each parent up to the folder that holds
 * `.git` (the repository top) or the filesystem root.
 */
export async function findConfigFile(startDir: string): Promise<string | undefined> {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (await exists(candidate)) return candidate;
    }
    if (await exists(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The known word closest to `word`, if it is close enough to be a likely typo. */
export function suggestClosest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

type Issue = z.core.$ZodIssue;

/**
 * For a union that failed, the issue of the branch that got furthest (a `rules` entry that
 * is an object with a bad severity should say so, not "expected one of three forms").
 */
function mostSpecific(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (inner.path.length > 0 && (!best || inner.path.length > best.path.length)) best = inner;
    }
  }
  return best ? mostSpecific({ ...best, path: [...issue.path, ...best.path] } as Issue) : issue;
}

function describeIssue(issue: Issue): string {
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const known = issue.path.length === 0 ? TOP_LEVEL_KEYS : ['enabled', 'severity', 'exclude'];
      const suggestion = suggestClosest(key, known);
      return `${where}unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; expected one of ${known.join(', ')}`;
    }
    case 'invalid_value':
      return `${where}expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_type':
      return `${where}expected ${issue.expected}`;
    default:
      return `${where}${issue.message}`;
  }
}

function nodeRange(node: unknown): [number, number, number] | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ?? undefined;
}

/** Finds the YAML source offset an issue points at: the key for unknown keys, else the value. */
function issueOffset(doc: ReturnType<typeof parseDocument>, issue: Issue): number | undefined {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (isMap(parent)) {
      const pair = parent.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === issue.keys[0],
      );
      const offset = nodeRange(pair?.key)?.[0];
      if (offset !== undefined) return offset;
    }
  }
  // Walk down as far as the path exists, so a missing key points at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    const offset = nodeRange(node)?.[0];
    if (offset !== undefined) return offset;
  }
  return undefined;
}

/**
 * Parses and validates the text of a config file. Throws a {@link ConfigError} whose message
 * is one line: `file:line:column: what is wrong and what was expected`.
 */
export function parseConfig(
  text: string,
  file: string,
  baseDir = dirname(resolve(file)),
): RampartConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    const message =
      yamlError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ??
      'invalid YAML';
    throw new ConfigError(`invalid YAML: ${message}`, { file, line, column: col });
  }
  let raw: unknown;
  try {
    // A small alias budget keeps an "exponential entity" config from eating the memory.
    raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (cause) {
    const message = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
    throw new ConfigError(`invalid YAML: ${message}`, { file, line: 1, column: 1 }, { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError('expected a mapping of settings (key: value) at the top level', {
      file,
      line: 1,
      column: 1,
    });
  }
  const parsed = RampartConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = mostSpecific(parsed.error.issues[0] as Issue);
    const offset = issueOffset(doc, issue);
    const pos = offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
    const more = parsed.error.issues.length - 1;
    throw new ConfigError(
      `${describeIssue(issue)}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`,
      { file, line: pos.line, column: pos.col },
    );
  }
  const cfg = parsed.data;
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  if (cfg.maxFileSize !== undefined) {
    const bytes = parseByteSize(cfg.maxFileSize);
    if (bytes === undefined) {
      const offset = nodeRange(doc.getIn(['maxFileSize'], true))?.[0] ?? 0;
      const { line, col } = lineCounter.linePos(offset);
      throw new ConfigError('maxFileSize: expected a positive size', { file, line, column: col });
    }
    maxFileBytes = bytes;
  }
  const rules: Record<string, ResolvedRuleSetting> = {};
  for (const [id, setting] of Object.entries(cfg.rules ?? {}))
    rules[id] = resolveRuleSetting(setting);
  const scannerOptions: RampartConfig['scannerOptions'] = {
    ...(cfg.sast ? { sast: cfg.sast } : {}),
    ...(cfg.secrets ? { secrets: cfg.secrets } : {}),
    ...(cfg.sca ? { sca: cfg.sca } : {}),
    ...(cfg.iac ? { iac: cfg.iac } : {}),
    ...(cfg.dast ? { dast: cfg.dast } : {}),
  };
  return {
    path: resolve(file),
    baseDir,
    scanners: cfg.scanners,
    failOn: cfg.failOn ?? DEFAULT_FAIL_ON,
    exclude: cfg.exclude ?? [],
    maxFileBytes,
    baseline: cfg.baseline === undefined ? undefined : resolve(baseDir, cfg.baseline),
    rules,
    scannerOptions,
  };
}

/** Where to load the configuration from. */
export interface LoadConfigOptions {
  /** The scan root: the config is looked for here and in its parents. */
  readonly root: string;
  /** An explicit `--config FILE`; it must exist. */
  readonly configFile?: string | undefined;
}

/** Loads `rampart.yml` (explicit, or found from the scan root), or the defaults when none. */
export async function loadConfig(options: LoadConfigOptions): Promise<RampartConfig> {
  const file = options.configFile
    ? resolve(options.configFile)
    : await findConfigFile(options.root);
  if (!file) return defaultConfig(resolve(options.root));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${file}`, undefined, {
      code: 'RAMPART_CONFIG_NOT_FOUND',
      cause,
      hint: 'check the path given to --config',
    });
  }
  return parseConfig(text, options.configFile ?? file);
}
