import { resolveCacheDir, UsageError } from '@rampart/core';
import type { EcosystemOutcome } from '@rampart/sca';
import { DEFAULT_OSV_SOURCE, ECOSYSTEMS, type Ecosystem, isEcosystem } from '@rampart/sca/scanner';
import { type Command, Option } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { createProgressBar, wantsProgress } from '../progress-bar.js';
import type { CommandDeps } from './command-deps.js';
import { addConsoleOptions } from './scan-command.js';

interface UpdateFlags {
  from?: string;
  ecosystems?: string;
  progress: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

interface StatusFlags {
  format: 'text' | 'json';
  verbose?: boolean;
  quiet?: boolean;
}

const DAY = 24 * 60 * 60 * 1000;

function parseEcosystems(list: string | undefined): Ecosystem[] | undefined {
  if (list === undefined) return undefined;
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!isEcosystem(name)) {
      throw new UsageError(`unknown ecosystem "${name}" in --ecosystems`, {
        hint: `ecosystems are (as OSV spells them): ${ECOSYSTEMS.join(', ')}`,
      });
    }
  }
  if (names.length === 0) throw new UsageError('--ecosystems needs at least one ecosystem');
  return names as Ecosystem[];
}

/** Registers `rampart db update` and `rampart db status`. */
export function registerDbCommand(program: Command, deps: CommandDeps): void {
  const db = program
    .command('db')
    .summary('manage the offline vulnerability database (OSV)')
    .description(
      `The OSV advisory database that dependency analysis (the sca scanner) matches against. It lives in the cache folder ($RAMPART_CACHE_DIR, else $XDG_CACHE_HOME/rampart, else ~/.cache/rampart); scans never go to the network.`,
    );

  const update = db
    .command('update')
    .description(
      `Import OSV's per-ecosystem all.zip archives: from ${DEFAULT_OSV_SOURCE} by default, from another base URL serving <Ecosystem>/all.zip, or from a folder laid out the same way (offline). Incremental: unchanged archives and records are skipped. Each ecosystem is imported whole or not at all.`,
    )
    .option('--from <url|dir>', 'base URL or folder holding <Ecosystem>/all.zip')
    .option('--ecosystems <list>', `comma-separated ecosystems (default: ${ECOSYSTEMS.join(',')})`);
  addConsoleOptions(update).action(async (flags: UpdateFlags) => {
    const logger = deps.makeLogger(flags);
    const cacheDir = resolveCacheDir(deps.io.env);
    const ecosystems = parseEcosystems(flags.ecosystems);
    const bar = wantsProgress(deps.io.stderr, deps.io.env, flags.progress)
      ? createProgressBar(deps.io.stderr)
      : undefined;
    const { databasePath, updateDatabase } = await import('@rampart/sca');
    logger.info(`updating the OSV database in ${databasePath(cacheDir)}`);
    let results: EcosystemOutcome[];
    try {
      results = await updateDatabase({
        cacheDir,
        ...(flags.from === undefined ? {} : { from: flags.from }),
        ...(ecosystems === undefined ? {} : { ecosystems }),
        signal: deps.signal,
        onProgress: (p) =>
          bar?.update(
            `${p.ecosystem} ${p.phase === 'download' ? 'download (bytes)' : 'records'}`,
            p.done,
            p.total ?? p.done,
          ),
      });
    } finally {
      bar?.finish();
    }
    for (const r of results) {
      if (r.outcome === 'imported') {
        const c = r.counts;
        logger.info(
          `  ${r.ecosystem}: ${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.removed} removed (${(r.ms / 1000).toFixed(1)} s)`,
        );
      } else if (r.outcome === 'unchanged') {
        logger.info(`  ${r.ecosystem}: unchanged since the last update`);
      } else if (r.outcome === 'missing') {
        logger.warn(`  ${r.ecosystem}: not available (${r.detail})`);
      } else {
        logger.error(`  ${r.ecosystem}: failed, previous data kept: ${r.error}`);
      }
    }
    const ok = results.filter((r) => r.outcome === 'imported' || r.outcome === 'unchanged');
    if (results.some((r) => r.outcome === 'failed') && flags.from === undefined) {
      logger.info(
        '  hint: without access to osv.dev, import from a mirror or a folder of <Ecosystem>/all.zip: rampart db update --from URL|DIR',
      );
    }
    if (results.some((r) => r.outcome === 'failed')) deps.setExitCode(ExitCode.Usage);
    else if (ok.length === 0) {
      logger.error('no ecosystem could be imported: check --from');
      deps.setExitCode(ExitCode.Usage);
    } else deps.setExitCode(ExitCode.Passed);
  });

  const status = db
    .command('status')
    .description(
      'Show what the database holds: advisories and packages per ecosystem, when each was updated and from where. Exits 2 when there is no database.',
    )
    .addOption(
      new Option('--format <format>', 'text, or json for scripts')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr');
  status.action(async (flags: StatusFlags) => {
    const logger = deps.makeLogger(flags);
    const { databasePath, OsvStore } = await import('@rampart/sca');
    const path = databasePath(resolveCacheDir(deps.io.env));
    const store = OsvStore.open(path, { create: false, readonly: true });
    if (store === undefined) {
      throw new UsageError(`no OSV database at ${path}`, {
        hint: 'run `rampart db update` (or `rampart db update --from DIR` offline)',
      });
    }
    const rows = store.status();
    store.close();
    const now = Date.now();
    if (flags.format === 'json') {
      deps.io.stdout.write(
        `${JSON.stringify(
          {
            path,
            ecosystems: rows.map((r) => ({
              ...r,
              ageDays: Math.floor((now - Date.parse(r.importedAt)) / DAY),
            })),
          },
          null,
          2,
        )}\n`,
      );
      return;
    }
    const lines = [
      `OSV database: ${path}`,
      '',
      `${'ecosystem'.padEnd(11)} ${'advisories'.padStart(10)} ${'packages'.padStart(9)}  updated`,
    ];
    for (const r of rows) {
      const days = Math.floor((now - Date.parse(r.importedAt)) / DAY);
      lines.push(
        `${r.ecosystem.padEnd(11)} ${String(r.advisories).padStart(10)} ${String(r.packages).padStart(9)}  ${r.importedAt.slice(0, 16).replace('T', ' ')} (${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`}) from ${r.source}`,
      );
    }
    const missing = ECOSYSTEMS.filter((e) => !rows.some((r) => r.ecosystem === e));
    if (missing.length > 0) lines.push('', `not imported: ${missing.join(', ')}`);
    deps.io.stdout.write(`${lines.join('\n')}\n`);
    logger.debug('db status', { ecosystems: rows.length });
  });
}
