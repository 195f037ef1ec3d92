import { z } from 'zod';
import { ScannerKindSchema } from '../finding/finding.js';
import { SEVERITIES, type Severity, SeveritySchema } from '../finding/severity.js';

/** The `--fail-on` / `failOn` values: a severity threshold, or `never` to report only. */
export const FAIL_ON_VALUES = ['critical', 'high', 'medium', 'low', 'info', 'never'] as const;
/** Runtime schema for {@link FailOn}. */
export const FailOnSchema = z.enum(FAIL_ON_VALUES);
/** A gate threshold. */
export type FailOn = z.infer<typeof FailOnSchema>;

/** Default gate threshold: fail on high and critical findings. */
export const DEFAULT_FAIL_ON: FailOn = 'high';
/** Default largest file scanned: 1 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

// No `i` flag: the pattern is copied into the JSON Schema, where flags do not exist.
const SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*((?:[kKmMgG][iI]?)?[bB])?\s*$/;
const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** Parses a size such as `512KiB`, `2 MB` or a plain byte count; undefined when malformed. */
export function parseByteSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const m = SIZE_PATTERN.exec(value);
  if (!m?.[1]) return undefined;
  const bytes = Math.floor(Number(m[1]) * (SIZE_UNITS[(m[2] ?? 'b').toLowerCase()] ?? 1));
  return bytes > 0 ? bytes : undefined;
}

const ByteSizeSchema = z
  .union([z.number().int().positive(), z.string().regex(SIZE_PATTERN)], {
    error: 'expected a size such as 1048576, "512KiB" or "2MB"',
  })
  .describe('A size in bytes, or with a unit: B, KB, KiB, MB, MiB, GB, GiB.');

/** What a rule entry in `rules:` may say. */
export const RuleSettingSchema = z.union(
  [
    z.literal('off').describe('Disable the rule.'),
    SeveritySchema.describe('Report the rule at this severity instead of its own.'),
    z.strictObject({
      enabled: z.boolean().optional().describe('false disables the rule.'),
      severity: SeveritySchema.optional().describe(
        'Report the rule at this severity instead of its own.',
      ),
      exclude: z
        .array(z.string())
        .optional()
        .describe(
          'Paths (gitignore syntax, relative to the config file) where this rule is not reported.',
        ),
    }),
  ],
  {
    error:
      'expected "off", a severity (critical, high, medium, low, info) or { enabled, severity, exclude }',
  },
);
/** A rule entry in `rules:`. */
export type RuleSetting = z.infer<typeof RuleSettingSchema>;

const ScannerSectionSchema = z
  .looseObject({})
  .describe('Options owned by this scanner; see its documentation.');

/**
 * The schema of `rampart.yml`. Top-level keys are strict (a typo is an error, not a silent
 * no-op); each scanner's own section is validated by that scanner.
 */
export const RampartConfigFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors.'),
    version: z.literal(1).optional().describe('The config format version. Only 1 exists.'),
    scanners: z
      .array(ScannerKindSchema)
      .optional()
      .describe('Scanners to run when --scanners is not given. Default: every installed scanner.'),
    failOn: FailOnSchema.optional().describe(
      'Fail the build (exit 1) on findings at or above this severity; "never" only reports. Default: high.',
    ),
    exclude: z
      .array(z.string())
      .optional()
      .describe(
        'Paths not scanned at all, gitignore syntax, relative to this file (besides .gitignore and .rampartignore).',
      ),
    maxFileSize: ByteSizeSchema.optional().describe(
      'Files larger than this are skipped and reported. Default: 1MiB.',
    ),
    baseline: z
      .string()
      .optional()
      .describe(
        'A baseline file (rampart baseline create) whose findings are hidden; relative to this file.',
      ),
    rules: z
      .record(z.string(), RuleSettingSchema)
      .optional()
      .describe(
        'Per-rule settings by rule id: "off", a severity, or { enabled, severity, exclude }.',
      ),
    pavedRoad: z
      .string()
      .min(1)
      .optional()
      .describe(
        "The organisation's paved-road policy (paved-road.yml): a path relative to this file, or an https URL (fetched and cached). The iac scanner reports its violations and `rampart paved-road check` scores them.",
      ),
    tools: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a tool name such as semgrep' }),
        z.strictObject({
          enabled: z.boolean().optional().describe('false turns the tool off. Default: true.'),
          command: z
            .string()
            .min(1)
            .optional()
            .describe('The executable, when it is not the tool’s usual name on PATH.'),
          args: z
            .array(z.string())
            .optional()
            .describe('Extra arguments (for semgrep and trivy they replace the default ones).'),
          timeout: z
            .number()
            .int()
            .positive()
            .optional()
            .describe('Seconds before the tool is stopped. Default: 600.'),
        }),
      )
      .optional()
      .describe(
        'Other tools `rampart scan` runs when they are on PATH, importing their findings: semgrep, bandit, gitleaks, trufflehog, checkov, trivy, osv-scanner.',
      ),
    team: z
      .strictObject({
        name: z.string().min(1).optional().describe('The team that owns this repository.'),
        champion: z
          .string()
          .min(1)
          .optional()
          .describe(
            'The team\'s security champion, as PR comments should name them ("@alice" mentions them on GitHub and GitLab).',
          ),
        championUrl: z
          .url({ protocol: /^https?$/ })
          .optional()
          .describe("A link to the champion or the team's security channel."),
      })
      .optional()
      .describe('Who owns this repository: reports and PR comments point developers to them.'),
    training: z
      .strictObject({
        url: z
          .string()
          .regex(/^https?:\/\/\S*\{(?:cwe|module)\}\S*$/, {
            error:
              'expected an http(s) URL with {module} (the training module id) or {cwe} (the CWE number)',
          })
          .describe(
            'Where a finding links to learn about its weakness: "https://learn.example.com/{module}" (the id of the module for the finding\'s CWE in Rampart\'s catalog) or "https://wiki.example.com/cwe/{cwe}" (your own page per CWE number). Without it, findings name the `rampart learn` command.',
          ),
      })
      .optional()
      .describe('Just-in-time training: where a finding links to learn about its weakness.'),
    sast: ScannerSectionSchema.optional(),
    secrets: ScannerSectionSchema.optional(),
    sca: ScannerSectionSchema.optional(),
    iac: ScannerSectionSchema.optional(),
    dast: ScannerSectionSchema.optional(),
  })
  .describe('Rampart configuration (rampart.yml).');

/** `rampart.yml` as written. */
export type RampartConfigFile = z.infer<typeof RampartConfigFileSchema>;

/** Where the paved-road policy is, and where the config names it (for findings about it). */
export interface PavedRoadReference {
  /** An absolute path, or an http(s) URL. */
  readonly source: string;
  /** The 1-based line and column of `pavedRoad:` in the config file. */
  readonly line: number;
  readonly column: number;
}

/** Per-rule settings after normalisation. */
export interface ResolvedRuleSetting {
  readonly enabled: boolean;
  readonly severity: Severity | undefined;
  readonly exclude: readonly string[];
}

/** The configuration every part of a scan sees: defaults applied, paths resolved. */
export interface RampartConfig {
  /** Absolute path of the file it came from, or undefined for defaults. */
  readonly path: string | undefined;
  /** The folder relative paths in the config are relative to. */
  readonly baseDir: string;
  readonly scanners: readonly z.infer<typeof ScannerKindSchema>[] | undefined;
  readonly failOn: FailOn;
  readonly exclude: readonly string[];
  readonly maxFileBytes: number;
  /** Absolute path of the configured baseline, if any. */
  readonly baseline: string | undefined;
  readonly rules: Readonly<Record<string, ResolvedRuleSetting>>;
  /** Other tools to run and import (`tools:`), by name. */
  readonly tools: NonNullable<RampartConfigFile['tools']>;
  /** Who owns the repository (PR comments name the champion). */
  readonly team: RampartConfigFile['team'];
  /** The training link template (`{cwe}` is the CWE number). */
  readonly trainingUrl: string | undefined;
  /** The paved-road policy this project follows, if it names one. */
  readonly pavedRoad: PavedRoadReference | undefined;
  /** Each scanner's own section, unvalidated here. */
  readonly scannerOptions: Readonly<
    Partial<Record<z.infer<typeof ScannerKindSchema>, Readonly<Record<string, unknown>>>>
  >;
}

/** Normalises one `rules:` entry. */
export function resolveRuleSetting(setting: RuleSetting): ResolvedRuleSetting {
  if (setting === 'off') return { enabled: false, severity: undefined, exclude: [] };
  if (typeof setting === 'string') return { enabled: true, severity: setting, exclude: [] };
  return {
    enabled: setting.enabled ?? true,
    severity: setting.severity,
    exclude: setting.exclude ?? [],
  };
}

/** True when `value` is a severity (and not `never`). */
export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}
