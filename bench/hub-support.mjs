// Shared by the hub benchmarks: a hub store on SQLite (a temp file) and, when
// RAMPART_BENCH_DATABASE_URL names a PostgreSQL server, on a fresh database there.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const server = () => import('../packages/server/dist/index.js');

/** The PostgreSQL URL the benchmarks may create databases with, or undefined. */
export const PG_URL = process.env.RAMPART_BENCH_DATABASE_URL;

/** A migrated hub store: `{ hub, drop }`. `dialect` is 'sqlite' or 'postgres'. */
export async function benchStore(dialect, workDir, name = `bench_${process.pid}`) {
  const { openDatabase, migrate } = await server();
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(workDir, 'hub-'));
    const hub = await openDatabase(join(dir, 'hub.db'));
    await migrate(hub);
    return {
      hub,
      drop: async () => {
        await hub.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) throw new Error('set RAMPART_BENCH_DATABASE_URL for the PostgreSQL benchmarks');
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const hub = await openDatabase(url.toString());
  await migrate(hub);
  return {
    hub,
    url: url.toString(),
    drop: async () => {
      await hub.close();
      const again = new pg.Client({ connectionString: PG_URL });
      await again.connect();
      await again.query(`drop database if exists ${name}`);
      await again.end();
    },
  };
}

/** A team and a project in it; returns the project id. */
export async function addProject(hub, teamId) {
  const team = teamId ?? randomUUID();
  if (!teamId)
    await hub.db
      .insertInto('teams')
      .values({ id: team, slug: `t-${team.slice(0, 8)}`, name: `Team ${team}`, created_at: 1 })
      .execute();
  const id = randomUUID();
  await hub.db
    .insertInto('projects')
    .values({
      id,
      name: `p-${id.slice(0, 8)}`,
      repository: null,
      default_branch: 'main',
      team_id: team,
      created_at: 1,
    })
    .execute();
  return { teamId: team, projectId: id };
}

/** The dialects to run: SQLite always, PostgreSQL when configured. */
export function dialects() {
  return PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}
