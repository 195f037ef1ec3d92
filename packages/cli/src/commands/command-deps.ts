import type { Logger, Scanner } from '@rampart/core';
import type { CliIo } from '../cli-io.js';
import type { Reporter } from '../reporters/index.js';

/** What every command gets from the CLI's entry point. */
export interface CommandDeps {
  readonly io: CliIo;
  readonly scanners: readonly Scanner[];
  readonly reporters: readonly Reporter[];
  readonly signal: AbortSignal;
  /** Builds the stderr logger for a command's --verbose / --quiet flags. */
  makeLogger(flags: { verbose?: boolean | undefined; quiet?: boolean | undefined }): Logger;
  /** Sets the process exit code the command ends with. */
  setExitCode(code: number): void;
}
