/** Stable error codes. Scripts and the API branch on these, so never rename one. */
export const ERROR_CODES = [
  'RAMPART_CONFIG_INVALID',
  'RAMPART_CONFIG_NOT_FOUND',
  'RAMPART_USAGE',
  'RAMPART_PARSE',
  'RAMPART_RULE_INVALID',
  'RAMPART_BASELINE_INVALID',
  'RAMPART_SARIF_INVALID',
  'RAMPART_CVSS_INVALID',
  'RAMPART_GIT',
  'RAMPART_IO',
  'RAMPART_DATABASE_MISSING',
  'RAMPART_SCANNER_FAILED',
  'RAMPART_INTERNAL',
  /** Another tool that rampart.yml runs (semgrep, trivy…) failed or wrote no report. */
  'RAMPART_TOOL_FAILED',
  /** The hub (`--server`) could not be used: unreachable, it refused, or its answer was not the hub's. */
  'RAMPART_HUB',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options shared by every Rampart error. */
export interface RampartErrorOptions {
  readonly cause?: unknown;
  /** What the user can do next, shown after the message. */
  readonly hint?: string;
}

/**
 * The base of every error Rampart raises on purpose: a stable `code`, a message that says
 * what happened, and optionally a `hint` that says what to do next.
 */
export class RampartError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: RampartErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RampartError';
    this.code = code;
    this.hint = options.hint;
  }
}

/** A position in a file, 1-based. */
export interface SourcePosition {
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** Formats `file:line:column` leaving out what is unknown. */
export function formatPosition(pos: SourcePosition): string {
  let out = pos.file;
  if (pos.line !== undefined) {
    out += `:${pos.line}`;
    if (pos.column !== undefined) out += `:${pos.column}`;
  }
  return out;
}

/** A file could not be parsed: names the file and, where known, the line and column. */
export class ParseError extends RampartError {
  readonly position: SourcePosition;

  constructor(position: SourcePosition, message: string, options: RampartErrorOptions = {}) {
    super('RAMPART_PARSE', `${formatPosition(position)}: ${message}`, options);
    this.name = 'ParseError';
    this.position = position;
  }
}

/** `rampart.yml` (or another config file) is missing or does not match its schema. */
export class ConfigError extends RampartError {
  readonly position: SourcePosition | undefined;

  constructor(
    message: string,
    position?: SourcePosition,
    options: RampartErrorOptions & {
      code?: 'RAMPART_CONFIG_INVALID' | 'RAMPART_CONFIG_NOT_FOUND';
    } = {},
  ) {
    super(
      options.code ?? 'RAMPART_CONFIG_INVALID',
      position ? `${formatPosition(position)}: ${message}` : message,
      options,
    );
    this.name = 'ConfigError';
    this.position = position;
  }
}

/** A rule (SAST rule, detector, check) is invalid. */
export class RuleError extends RampartError {
  readonly ruleId: string;

  constructor(ruleId: string, message: string, options: RampartErrorOptions = {}) {
    super('RAMPART_RULE_INVALID', `rule ${ruleId}: ${message}`, options);
    this.name = 'RuleError';
    this.ruleId = ruleId;
  }
}

/** The command line was used wrongly (unknown flag value, missing argument). */
export class UsageError extends RampartError {
  constructor(message: string, options: RampartErrorOptions = {}) {
    super('RAMPART_USAGE', message, options);
    this.name = 'UsageError';
  }
}

/** True when `err` is a {@link RampartError} (works across package copies, by shape). */
export function isRampartError(err: unknown): err is RampartError {
  if (err instanceof RampartError) return true;
  const code: unknown = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}
