import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  buildScanReport,
  detectCi,
  type FindingDraft,
  loadConfig,
  ParseError,
  resolveCacheDir,
  runScan,
  type Scanner,
  type ScannerKind,
  type ScanReport,
  ScanReportSchema,
  type ScanTarget,
  STAGES,
  type Stage,
  stageFromCi,
  UsageError,
} from '@rampart/core';
import { type Command, Option } from 'commander';
import { useColor } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { HUMAN_FORMATS, loadTrainingLookup } from '../training/training-lookup.js';
import { RAMPART_VERSION } from '../version.js';
import type { CommandDeps } from './command-deps.js';

interface ImportFlags {
  from?: string;
  format: string;
  output?: string;
  root?: string;
  stage?: Stage;
  config?: string;
  verbose?: boolean;
  quiet?: boolean;
}

/** The largest report read (after gunzip): big enough for any real report, bounded. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

async function readReport(path: string, shown: string): Promise<string> {
  let data: Buffer;
  try {
    if ((await stat(path)).size > MAX_REPORT_BYTES)
      throw new UsageError(`${shown}: larger than 512 MiB`);
    data = await readFile(path);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${shown}: ${(err as Error).message}`);
  }
  // gzip by its magic bytes, whatever the file is called.
  if (data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: MAX_REPORT_BYTES });
    } catch (err) {
      throw new ParseError({ file: shown, line: 1 }, `not valid gzip: ${(err as Error).message}`);
    }
  }
  return data.toString('utf8');
}

/** Rampart's own JSON report, when the text is one (it is converted as it is). */
function ownReport(text: string, shown: string, named: boolean): ScanReport | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    if (!named) return undefined;
    throw new ParseError({ file: shown, line: 1 }, `not JSON: ${(err as Error).message}`);
  }
  if (!named && (typeof json !== 'object' || json === null || !('schemaVersion' in json)))
    return undefined;
  const parsed = ScanReportSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  if (!named) return undefined;
  const issue = parsed.error.issues[0];
  throw new ParseError(
    { file: shown, line: 1 },
    `not a Rampart report: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`,
  );
}

/** A scan target over the root that lists no files but reads them (for fingerprints). */
function lookupTarget(root: string): ScanTarget {
  return {
    root,
    files: [],
    skipped: [],
    git: undefined,
    readText: (path) => readFile(join(root, ...path.split('/')), 'utf8'),
  };
}

/** Registers `rampart import`. */
export function registerImportCommand(program: Command, deps: CommandDeps): void {
  const formats = deps.reporters.map((r) => r.format);
  program
    .command('import')
    .summary("turn another tool's report into Rampart findings")
    .description(
      "Read a report of another security tool (or Rampart's own JSON report) and write it as Rampart findings in any report format: fingerprints consistent with Rampart's (the same dependency vulnerability from Trivy and from Rampart is one finding), rampart.yml's rule settings and inline suppressions applied. The tool is detected from the report, or named with --from. Gzipped reports are read as they are.",
    )
    .argument('<report>', 'the report file')
    .option(
      '--from <tool>',
      'the tool that wrote it (default: detected); `rampart` for our JSON report',
    )
    .addOption(new Option('--format <format>', 'output format').choices(formats).default('json'))
    .option('--output <file>', 'write the result to this file instead of stdout')
    .option(
      '--root <dir>',
      'the folder the report’s paths are relative to (default: the current folder)',
    )
    .addOption(
      new Option(
        '--stage <stage>',
        'stage recorded in the result (default: from the CI environment)',
      ).choices(STAGES),
    )
    .option('--config <file>', 'use this config file instead of rampart.yml')
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .addHelpText(
      'after',
      `
Examples:
  rampart import trivy.json                                  # detected; Rampart JSON on stdout
  rampart import zap-report.xml --from zap --format sarif --output zap.sarif
  rampart import rampart.json --from rampart --format junit --output rampart-junit.xml`,
    )
    .action(async (file: string, flags: ImportFlags) => {
      const logger = deps.makeLogger(flags);
      const reporter = deps.reporters.find((r) => r.format === flags.format);
      if (!reporter)
        throw new UsageError(`--format ${flags.format}: expected one of ${formats.join(', ')}`);
      const root = resolve(deps.io.cwd, flags.root ?? '.');
      const text = await readReport(resolve(deps.io.cwd, file), file);
      const config = await loadConfig({
        root,
        configFile: flags.config === undefined ? undefined : resolve(deps.io.cwd, flags.config),
      });
      let report =
        flags.from === undefined || flags.from === 'rampart'
          ? ownReport(text, file, flags.from === 'rampart')
          : undefined;
      if (report) logger.info(`${file}: a Rampart report with ${report.findings.length} findings`);
      else {
        const { importReport } = await import('@rampart/importers');
        const imported = importReport(text, { file, from: flags.from });
        logger.info(
          `${file}: ${imported.findings.length} findings from ${imported.importer.description}`,
        );
        const byKind = new Map<ScannerKind, FindingDraft[]>();
        for (const f of imported.findings)
          byKind.set(f.scanner, [...(byKind.get(f.scanner) ?? []), f]);
        const scanners: Scanner[] = [...byKind].map(([kind, drafts]) => ({
          kind,
          description: `imported from ${imported.importer.id}`,
          async *scan() {
            yield* drafts;
          },
        }));
        const result = await runScan({
          target: lookupTarget(root),
          scanners,
          config,
          logger,
          cacheDir: resolveCacheDir(deps.io.env),
          signal: deps.signal,
        });
        const ci = detectCi(deps.io.env);
        report = buildScanReport(result, {
          toolVersion: RAMPART_VERSION,
          target: file,
          stage: flags.stage ?? stageFromCi(ci),
          ci,
        });
      }
      const toStdout = flags.output === undefined;
      // Human-readable reports link the training module of each finding's weakness.
      const training =
        HUMAN_FORMATS.has(reporter.format) && report.findings.length > 0
          ? await loadTrainingLookup((message) => logger.debug(message))
          : undefined;
      const rendered = reporter.render(report, {
        color: toStdout && useColor(deps.io.stdout, deps.io.env),
        columns: toStdout ? deps.io.stdout.columns : undefined,
        rootDir: root,
        trainingUrl: config.trainingUrl,
        training,
        team: config.team,
      });
      if (toStdout) deps.io.stdout.write(rendered);
      else {
        await writeFile(resolve(deps.io.cwd, flags.output as string), rendered, 'utf8');
        logger.info(`wrote ${reporter.format} to ${flags.output}`);
      }
      deps.setExitCode(ExitCode.Passed);
    });
}
