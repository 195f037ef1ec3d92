import { access, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
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
import { parseYamlWithSchema } from './yaml-schema.js';

export { suggestClosest } from './yaml-schema.js';

/** File names looked for, in order, in the scan root and its parents up to the repository top. */
export const CONFIG_FILE_NAMES = [
  'rampart.yml',
  'rampart.yaml',
  '.rampart.yml',
  '.rampart.yaml',
] as const;

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
    tools: {},
    team: undefined,
    trainingUrl: undefined,
    pavedRoad: undefined,
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

/**
 * Parses and validates the text of a config file. Throws a {@link ConfigError} whose message
 * is one line: `file:line:column: what is wrong and what was expected`.
 */
export function parseConfig(
  text: string,
  file: string,
  baseDir = dirname(resolve(file)),
): RampartConfig {
  const { data: cfg, positionOf } = parseYamlWithSchema(text, file, RampartConfigFileSchema);
  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  if (cfg.maxFileSize !== undefined) {
    const bytes = parseByteSize(cfg.maxFileSize);
    if (bytes === undefined) {
      const { line, column } = positionOf(['maxFileSize']);
      throw new ConfigError('maxFileSize: expected a positive size', { file, line, column });
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
    tools: cfg.tools ?? {},
    team: cfg.team,
    trainingUrl: cfg.training?.url,
    pavedRoad:
      cfg.pavedRoad === undefined
        ? undefined
        : {
            source: /^https?:\/\//i.test(cfg.pavedRoad)
              ? cfg.pavedRoad
              : resolve(baseDir, cfg.pavedRoad),
            ...positionOf(['pavedRoad']),
          },
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
