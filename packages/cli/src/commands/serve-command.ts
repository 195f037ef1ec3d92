import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { type Logger, UsageError } from '@rampart/core';
import { type Command, InvalidArgumentError } from 'commander';
import { ExitCode } from '../exit-codes.js';
import type { CommandDeps } from './command-deps.js';

interface ServeFlags {
  db?: string;
  port: number;
  host: string;
  secureCookies?: boolean;
  trustProxy?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  /** false with --no-jobs: an API-only instance. */
  jobs: boolean;
  /** --dashboard DIR, or false with --no-dashboard; unset: the @rampart/web package's build. */
  dashboard?: string | false;
  /** --training-dir DIR: the organisation's training modules. */
  trainingDir?: string;
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

/**
 * The build of the installed dashboard package (`@rampart/web`'s `dist/`), or undefined when
 * the package cannot be found. Resolved from this module, which works from the bundled CLI
 * too (`dist/bundle/` still sits above the workspace's node_modules).
 */
export function defaultDashboardRoot(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@rampart/web/package.json');
    return join(dirname(manifest), 'dist');
  } catch {
    return undefined;
  }
}

/** The dashboard `rampart serve` serves, said once at start: where from, or why not. */
function dashboardOption(
  flag: string | false | undefined,
  cwd: string,
  logger: Logger,
): { root: string | undefined } | undefined {
  if (flag === false) {
    logger.info('dashboard off (--no-dashboard): serving the API only');
    return undefined;
  }
  // An empty value (`--dashboard "$UNSET"`) would serve the working folder: refuse it.
  if (flag?.trim() === '')
    throw new UsageError("--dashboard needs a folder: the dashboard's build");
  const root = flag === undefined ? defaultDashboardRoot() : resolve(cwd, flag);
  if (root === undefined) {
    logger.warn(
      'the dashboard package (@rampart/web) is not installed: serving the API; / says so',
    );
  } else if (!existsSync(join(root, 'index.html'))) {
    logger.warn(
      `the dashboard is not built (no index.html in ${root}): run \`npm run build\`, or pass --dashboard DIR; serving the API meanwhile`,
    );
  } else {
    logger.info(`dashboard: ${root}`);
  }
  return { root };
}

/**
 * The organisation's training folder: --training-dir, else RAMPART_TRAINING_DIR (empty
 * counts as unset), resolved against the working folder; undefined for the built-in
 * modules only. An empty --training-dir is refused.
 */
function trainingDir(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): string | undefined {
  if (flag?.trim() === '')
    throw new UsageError("--training-dir needs a folder: the organisation's training modules");
  const dir = flag ?? (env.RAMPART_TRAINING_DIR || undefined);
  return dir === undefined ? undefined : resolve(cwd, dir);
}

/** Registers `rampart serve`, `rampart migrate` and `rampart admin create`. */
export function registerServeCommands(program: Command, deps: CommandDeps): void {
  const dbHelp =
    'the store: a SQLite file (default ./.rampart/rampart.db) or a postgres:// URL; also RAMPART_DATABASE_URL';
  program
    .command('serve')
    .summary('run the hub: the API server on SQLite or PostgreSQL')
    .description(
      'Run the hub. Migrations run at start (PostgreSQL takes a lock, so several instances can start together). It listens on 127.0.0.1 unless --host says otherwise; put it behind a TLS proxy to expose it. Logs are JSON lines on stdout, with request ids and no credentials. SIGINT or SIGTERM stops it gracefully (requests and jobs in flight finish). Background jobs (risk expiry, SLA breaches, webhooks, SBOM re-matching) run in the process on SQLite and once per period across instances on PostgreSQL. The API is described at /api/docs; the dashboard is served at / (the build of the @rampart/web package, or --dashboard DIR), with a strict Content-Security-Policy on every response. Environment: RAMPART_PUBLIC_URL (absolute links in webhook messages), RAMPART_METRICS_TOKEN (lets Prometheus scrape /metrics).',
    )
    .option('--db <url>', dbHelp)
    .option('--port <n>', 'the port to listen on', parsePort, 8080)
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option(
      '--secure-cookies',
      'always mark the session cookie Secure (default: when the request is HTTPS)',
    )
    .option(
      '--trust-proxy',
      'believe x-forwarded-proto and x-forwarded-for from the one reverse proxy in front (off by default: any client can send them)',
    )
    .option(
      '--no-jobs',
      'run no background jobs here (risk expiry, SLA breaches, webhooks): for API-only instances; on PostgreSQL, jobs run once per period whatever the number of instances that run them',
    )
    .option(
      '--dashboard <dir>',
      "serve the dashboard from this folder (a `vite build` of @rampart/web: index.html, assets/); default: the installed @rampart/web package's dist/",
    )
    .option('--no-dashboard', 'serve no dashboard: the API only')
    .option(
      '--training-dir <dir>',
      "add the organisation's training modules (*.md with front matter, see docs/hub-training.md) to the built-in ones; one with a built-in module's id replaces it. Also RAMPART_TRAINING_DIR. A bad module stops the start with its file:line:column",
    )
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .action(async (flags: ServeFlags) => {
      const logger = deps.makeLogger(flags);
      const {
        createHub,
        createJobRunner,
        ensureAdmin,
        jobMetricsListener,
        loadTrainingCatalog,
        migrate,
        openDatabase,
      } = await import('@rampart/server');
      // Before the store is opened: a bad --dashboard or training module fails without
      // touching it (a module's ConfigError names its file:line:column; exit code 2).
      const dashboard = dashboardOption(flags.dashboard, deps.io.cwd, logger);
      const organisationDir = trainingDir(flags.trainingDir, deps.io.env, deps.io.cwd);
      const training = await loadTrainingCatalog({ organisationDir });
      const own = training.modules.filter((m) => m.source === 'organisation').length;
      logger.info(
        organisationDir === undefined
          ? `training: ${training.modules.length} built-in modules`
          : `training: ${training.modules.length} modules, ${own} from ${organisationDir}`,
      );
      const database = openDatabase(databaseUrl(flags.db, deps.io.env), deps.io.cwd);
      try {
        const { applied } = await migrate(database);
        if (applied.length > 0) logger.info(`migrated ${database.location}: ${applied.join(', ')}`);
        // The first start creates the admin; its one-time password is shown here, once,
        // and never goes to the request log.
        const admin = await ensureAdmin(database);
        if (admin) {
          deps.io.stderr.write(
            `\nCreated the first admin.\n  username: ${admin.username}\n  one-time password: ${admin.password}\nSign in and change it: it is not shown again.\n\n`,
          );
        }
        const app = createHub({
          database,
          ...(dashboard === undefined ? {} : { dashboard }),
          training,
          logger: flags.quiet ? false : { level: 'info' },
          ...(flags.secureCookies ? { secureCookies: true } : {}),
          ...(flags.trustProxy ? { trustProxy: true } : {}),
        });
        let address: string;
        try {
          address = await app.listen({ host: flags.host, port: flags.port });
        } catch (err) {
          throw new UsageError(
            `cannot listen on ${flags.host}:${flags.port}: ${(err as Error).message}`,
          );
        }
        logger.info(`hub listening on ${address} (${database.dialect}: ${database.location})`);
        // RAMPART_PUBLIC_URL (https://rampart.example.com) makes webhook links absolute.
        const publicUrl = deps.io.env.RAMPART_PUBLIC_URL || undefined;
        let jobs: ReturnType<typeof createJobRunner> | undefined;
        try {
          jobs = flags.jobs
            ? createJobRunner(database, { logger, publicUrl, onRun: jobMetricsListener(app) })
            : undefined;
          await jobs?.start();
        } catch (err) {
          await app.close();
          throw err;
        }
        logger.info(jobs ? 'background jobs started' : 'background jobs off (--no-jobs)');
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          deps.signal.addEventListener('abort', stop, { once: true });
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        logger.info('stopping: finishing requests and jobs in flight');
        await Promise.all([app.close(), jobs?.stop()]);
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
  program
    .command('admin')
    .summary('manage hub administrators')
    .command('create')
    .summary('create an admin account with a one-time password')
    .description(
      "Create an admin in the hub's database (migrating it first) and print a one-time password, which must be changed at the first sign-in. For a lost admin password, or a second admin.",
    )
    .argument('<username>', 'lowercase letters, digits, dot, dash or underscore')
    .option('--db <url>', dbHelp)
    .action(async (username: string, flags: { db?: string }) => {
      const { createAdmin, migrate, openDatabase } = await import('@rampart/server');
      const database = openDatabase(databaseUrl(flags.db, deps.io.env), deps.io.cwd);
      try {
        await migrate(database);
        const admin = await createAdmin(database, username);
        deps.io.stdout.write(
          `created admin ${admin.username}\none-time password: ${admin.password}\nSign in and change it: it is not shown again.\n`,
        );
      } finally {
        await database.close();
      }
      deps.setExitCode(ExitCode.Passed);
    });
}
