import { UsageError } from '@rampart/core';
import { type Command, InvalidArgumentError } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CommandDeps } from './command-deps.js';

interface ServeFlags {
  db?: string;
  port: number;
  host: string;
  verbose?: boolean;
  quiet?: boolean;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
}

/** The store to use: --db, else RAMPART_DATABASE_URL, else the default SQLite file. */
function databaseUrl(flag: string | undefined, env: Readonly<Record<string, string | undefined>>) {
  return flag ?? env.RAMPART_DATABASE_URL ?? './.rampart/rampart.db';
}

/** Registers `rampart serve` and `rampart migrate`. */
export function registerServeCommands(program: Command, deps: CommandDeps): void {
  const dbHelp =
    'the store: a SQLite file (default ./.rampart/rampart.db) or a postgres:// URL; also RAMPART_DATABASE_URL';
  program
    .command('serve')
    .summary('run the hub: the API server on SQLite or PostgreSQL')
    .description(
      'Run the hub. Migrations run at start (PostgreSQL takes a lock, so several instances can start together). It listens on 127.0.0.1 unless --host says otherwise; put it behind a TLS proxy to expose it. Logs are JSON lines on stdout, with request ids and no credentials. SIGINT or SIGTERM stops it gracefully (requests in flight finish).',
    )
    .option('--db <url>', dbHelp)
    .option('--port <n>', 'the port to listen on', parsePort, 8080)
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .action(async (flags: ServeFlags) => {
      const logger = deps.makeLogger(flags);
      const { buildHub, migrate, openDatabase } = await import('@rampart/server');
      const database = openDatabase(databaseUrl(flags.db, deps.io.env), deps.io.cwd);
      try {
        const { applied } = await migrate(database);
        if (applied.length > 0) logger.info(`migrated ${database.location}: ${applied.join(', ')}`);
        const app = buildHub({ database, logger: flags.quiet ? false : { level: 'info' } });
        let address: string;
        try {
          address = await app.listen({ host: flags.host, port: flags.port });
        } catch (err) {
          throw new UsageError(
            `cannot listen on ${flags.host}:${flags.port}: ${(err as Error).message}`,
          );
        }
        logger.info(`hub listening on ${address} (${database.dialect}: ${database.location})`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          deps.signal.addEventListener('abort', stop, { once: true });
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        logger.info('stopping: finishing requests in flight');
        await app.close();
      } finally {
        await database.close();
      }
      deps.setExitCode(ExitCode.Passed);
    });
  program
    .command('migrate')
    .summary("bring the hub's database up to the newest schema")
    .description('Apply the migrations the store lacks (serve does this at start too), then exit.')
    .option('--db <url>', dbHelp)
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .action(async (flags: { db?: string; verbose?: boolean; quiet?: boolean }) => {
      const logger = deps.makeLogger(flags);
      const { migrate, openDatabase } = await import('@rampart/server');
      const database = openDatabase(databaseUrl(flags.db, deps.io.env), deps.io.cwd);
      try {
        const { applied } = await migrate(database);
        logger.info(
          applied.length > 0
            ? `migrated ${database.location}: ${applied.join(', ')}`
            : `${database.location} is up to date`,
        );
      } finally {
        await database.close();
      }
      deps.setExitCode(ExitCode.Passed);
    });
}
