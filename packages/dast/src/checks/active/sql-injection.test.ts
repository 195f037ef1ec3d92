import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetExhaustedError } from '../../http/errors.js';
import {
  escapeHtml,
  runCheck,
  sleep,
  startTestServer,
  type TestRequest,
  type TestResponse,
  type TestServer,
  testContext,
  testEndpoint,
} from './injection-test-support.js';
import { createSqlInjectionCheck, SQL_INJECTION_RULE } from './sql-injection.js';

const db = new Database(':memory:');
db.exec(`
  CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, role TEXT);
  INSERT INTO users (name, role) VALUES ('alice', 'admin'), ('bob', 'user'), ('carol', 'user');
`);

const check = createSqlInjectionCheck({ minDelaySec: 1 });

function list(rows: readonly unknown[], input: string): string {
  const items = rows.map((r) => `<li>${escapeHtml((r as { name: string }).name)}</li>`).join('');
  return `<html><body><p>Results for ${escapeHtml(input)}</p><ul>${items}</ul></body></html>`;
}

/** Each route has a vulnerable (string-built SQL) and a safe (bound parameter) twin. */
function route(request: TestRequest): TestResponse {
  const name = request.params.name ?? '';
  const id = request.params.id ?? '';
  switch (request.path) {
    case '/error/vulnerable':
      try {
        return {
          body: list(db.prepare(`SELECT name FROM users WHERE name = '${name}'`).all(), name),
        };
      } catch (err) {
        const e = err as { code?: string; message: string };
        return { status: 500, type: 'text/plain', body: `SqliteError: ${e.code}: ${e.message}` };
      }
    case '/error/safe':
      return { body: list(db.prepare('SELECT name FROM users WHERE name = ?').all(name), name) };
    case '/boolean/vulnerable':
    case '/boolean/numeric': {
      // Errors are swallowed: only the result set tells.
      const sql =
        request.path === '/boolean/numeric'
          ? `SELECT name FROM users WHERE id = ${id}`
          : `SELECT name FROM users WHERE name = '${name}'`;
      try {
        return { body: list(db.prepare(sql).all(), name || id) };
      } catch {
        return { body: list([], name || id) };
      }
    }
    case '/boolean/safe':
      return { body: list(db.prepare('SELECT name FROM users WHERE name = ?').all(name), name) };
    case '/blind/vulnerable':
      try {
        db.prepare(`SELECT count(*) FROM users WHERE name = '${name}'`).get();
      } catch {
        // blind: the page never changes
      }
      return { body: '<html><body>Thanks for your visit.</body></html>' };
    case '/blind/safe':
      db.prepare('SELECT count(*) FROM users WHERE name = ?').get(name);
      return { body: '<html><body>Thanks for your visit.</body></html>' };
    default:
      return { status: 404, body: 'not found' };
  }
}

let server: TestServer;
let jittery: TestServer;

beforeAll(async () => {
  server = await startTestServer(route);
  // Safe, but slow at random: time-based tests must not mistake jitter for a delay.
  jittery = await startTestServer(async (request) => {
    await sleep(Math.random() * 300);
    db.prepare('SELECT count(*) FROM users WHERE name = ?').get(request.params.name ?? '');
    return { body: '<html><body>Thanks.</body></html>' };
  });
});

afterAll(async () => {
  await server.close();
  await jittery.close();
});

describe('sql-injection', () => {
  it('reports a SQLite syntax error caused by a quote', async () => {
    const issues = await runCheck(
      check,
      testEndpoint(`${server.origin}/error/vulnerable`, { name: 'alice' }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      ruleId: SQL_INJECTION_RULE.id,
      parameter: 'name',
      confidence: 'high',
      payload: "alice'",
      details: { technique: 'error', dbms: 'SQLite' },
    });
    expect(issues[0]?.exchange?.response.body).toContain(issues[0]?.proof);
  });

  it('reports a boolean differential in a string context', async () => {
    const issues = await runCheck(
      createSqlInjectionCheck({ techniques: ['error', 'boolean'] }),
      testEndpoint(`${server.origin}/boolean/vulnerable`, { name: 'alice' }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      confidence: 'high',
      details: { technique: 'boolean', form: 'string AND' },
    });
  });

  it('reports a boolean differential in a numeric context', async () => {
    const issues = await runCheck(
      createSqlInjectionCheck({ techniques: ['error', 'boolean'] }),
      testEndpoint(`${server.origin}/boolean/numeric`, { id: '1' }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.details).toMatchObject({ technique: 'boolean', form: 'numeric AND' });
  });

  it('finds a boolean differential with OR when the original value matches nothing', async () => {
    const issues = await runCheck(
      createSqlInjectionCheck({ techniques: ['boolean'] }),
      testEndpoint(`${server.origin}/boolean/vulnerable`, { name: 'nobody' }),
    );
    expect(issues[0]?.details).toMatchObject({ technique: 'boolean', form: 'string OR' });
  });

  it('reports a blind injection by time, with SQLite heavy queries', async () => {
    const issues = await runCheck(
      check,
      testEndpoint(`${server.origin}/blind/vulnerable`, { name: 'alice' }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      confidence: 'medium',
      details: { technique: 'time', dbms: 'SQLite' },
    });
  });

  it.each([
    ['/error/safe', { name: 'alice' }],
    ['/boolean/safe', { name: 'alice' }],
    ['/boolean/safe', { name: 'nobody' }],
    ['/blind/safe', { name: 'alice' }],
  ])('reports nothing for bound parameters (%s)', async (path, params) => {
    expect(await runCheck(check, testEndpoint(`${server.origin}${path}`, params))).toEqual([]);
  });

  it('does not mistake random latency for a delay', async () => {
    const issues = await runCheck(
      createSqlInjectionCheck({ minDelaySec: 1, techniques: ['time'] }),
      testEndpoint(`${jittery.origin}/`, { name: 'alice' }),
    );
    expect(issues).toEqual([]);
  });

  it('lets a spent budget stop the check', async () => {
    const run = runCheck(
      check,
      testEndpoint(`${server.origin}/blind/safe`, { name: 'alice' }),
      testContext({ maxRequests: 3 }),
    );
    await expect(run).rejects.toBeInstanceOf(BudgetExhaustedError);
  });
});
