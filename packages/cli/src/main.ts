import { isRampartError, type Scanner } from '@rampart/core';
import { Command, CommanderError } from 'commander';
import { type CliIo, processIo, useColor } from './cli-io.js';
import { createCliLogger } from './cli-logger.js';
import { registerBaselineCommand } from './commands/baseline-command.js';
import type { CommandDeps } from './commands/command-deps.js';
import { registerCommentCommand } from './commands/comment-command.js';
import { registerDastCommand } from './commands/dast-command.js';
import { registerDbCommand } from './commands/db-command.js';
import { registerHookCommand } from './commands/hook-command.js';
import { registerImportCommand } from './commands/import-command.js';
import { registerInitCommand } from './commands/init-command.js';
import { registerLearnCommand } from './commands/learn-command.js';
import { registerPavedRoadCommand } from './commands/paved-road-command.js';
import { registerRulesCommand } from './commands/rules-command.js';
import { registerSbomCommand } from './commands/sbom-command.js';
import { registerScanCommand } from './commands/scan-command.js';
import { registerServeCommands } from './commands/serve-command.js';
import { registerThreatModelCommand } from './commands/threat-model-command.js';
import { registerUploadCommand } from './commands/upload-command.js';
import { ExitCode } from './exit-codes.js';
import { REPORTERS, type Reporter } from './reporters/index.js';
import { SCANNERS } from './scanners.js';
import { RAMPART_VERSION } from './version.js';

/** What {@link runCli} may be given instead of the real process and registries (tests). */
export interface RunCliOptions {
  readonly io?: CliIo;
  readonly scanners?: readonly Scanner[];
  readonly reporters?: readonly Reporter[];
  readonly signal?: AbortSignal;
}

/** Builds the `rampart` command tree. */
export function buildProgram(deps: CommandDeps): Command {
  const program = new Command('rampart')
    .description(
      'Rampart: security checks in every commit. Scans code, secrets, dependencies and infrastructure, reports where developers work, and gates the build on what matters.',
    )
    .version(RAMPART_VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => deps.io.stdout.write(s),
      writeErr: (s) => deps.io.stderr.write(s),
    })
    .exitOverride();
  registerScanCommand(program, deps);
  registerBaselineCommand(program, deps);
  registerDbCommand(program, deps);
  registerSbomCommand(program, deps);
  registerRulesCommand(program, deps);
  registerLearnCommand(program, deps);
  registerPavedRoadCommand(program, deps);
  registerThreatModelCommand(program, deps);
  registerDastCommand(program, deps);
  registerImportCommand(program, deps);
  registerCommentCommand(program, deps);
  registerInitCommand(program, deps);
  registerHookCommand(program, deps);
  registerServeCommands(program, deps);
  registerUploadCommand(program, deps);
  program.addHelpText(
    'after',
    `
Run \`rampart <command> --help\` for a command's options.
Exit codes: 0 passed · 1 the policy gate failed · 2 usage or configuration error · 3 internal error`,
  );
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * Runs the CLI with `argv` (without the node and script paths) and resolves to the exit
 * code; it never calls process.exit, so tests run it in-process.
 */
export async function runCli(
  argv: readonly string[],
  options: RunCliOptions = {},
): Promise<number> {
  const io = options.io ?? processIo();
  let exitCode: number = ExitCode.Passed;
  const errColor = useColor(io.stderr, io.env);
  const deps: CommandDeps = {
    io,
    scanners: options.scanners ?? SCANNERS,
    reporters: options.reporters ?? REPORTERS,
    signal: options.signal ?? new AbortController().signal,
    makeLogger: (flags) =>
      createCliLogger(
        io.stderr,
        flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal',
        errColor,
      ),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = buildProgram(deps);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version print and exit 0; everything else commander rejects is usage.
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        return ExitCode.Passed;
      }
      return ExitCode.Usage;
    }
    if (isRampartError(err)) {
      io.stderr.write(`rampart: ${err.message}\n`);
      if (err.hint) io.stderr.write(`  hint: ${err.hint}\n`);
      // Coded errors are about what the user gave us (flags, config, baseline, a ref, a
      // file that cannot be parsed): exit 2. Only an internal failure is exit 3.
      return err.code === 'RAMPART_INTERNAL' || err.code === 'RAMPART_SCANNER_FAILED'
        ? ExitCode.Internal
        : ExitCode.Usage;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`rampart: internal error: ${message}\n`);
    if (io.env.RAMPART_DEBUG && err instanceof Error && err.stack)
      io.stderr.write(`${err.stack}\n`);
    else io.stderr.write('  set RAMPART_DEBUG=1 for the stack trace, and please report it\n');
    return ExitCode.Internal;
  }
}
