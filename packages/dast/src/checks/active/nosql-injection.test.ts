import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetExhaustedError } from '../../http/errors.js';
import {
  escapeHtml,
  runCheck,
  startTestServer,
  type TestRequest,
  type TestResponse,
  type TestServer,
  testContext,
  testEndpoint,
} from './injection-test-support.js';
import { NOSQL_INJECTION_RULE, nosqlInjectionCheck } from './nosql-injection.js';

type Doc = Readonly<Record<string, string>>;

const USERS: readonly Doc[] = [
  { user: 'alice', password: 's3cret', role: 'admin' },
  { user: 'bob', password: 'hunter2', role: 'user' },
];

/** A tiny MongoDB-style matcher: equality, or the operators $ne, $gt, $regex, $in, $eq. */
function matches(value: string | undefined, condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return value === condition;
  return Object.entries(condition as Record<string, unknown>).every(([op, arg]) => {
    switch (op) {
      case '$ne':
        return value !== arg && !(arg === null && value === undefined);
      case '$gt':
        return value !== undefined && typeof arg === 'string' && value > arg;
      case '$regex':
        return value !== undefined && new RegExp(String(arg)).test(value);
      case '$in':
        return Array.isArray(arg) && arg.includes(value);
      case '$eq':
        return value === arg;
      default:
        return false;
    }
  });
}

function find(query: Readonly<Record<string, unknown>>): Doc[] {
  return USERS.filter((doc) => Object.entries(query).every(([k, c]) => matches(doc[k], c)));
}

/** `name[$op]=v` query parameters to `{ name: { $op: v } }`, as Express's `qs` parser does. */
function nested(params: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const m = /^(\w+)\[(\$\w+)\]$/.exec(key);
    if (m?.[1] && m[2]) out[m[1]] = { ...(out[m[1]] as object), [m[2]]: value };
    else out[key] = value;
  }
  return out;
}

function login(found: readonly Doc[]): TestResponse {
  return found[0]
    ? { type: 'application/json', body: `{"welcome":"${found[0].user ?? ''}","token":"t-1"}` }
    : { status: 401, type: 'application/json', body: '{"error":"invalid credentials"}' };
}

function userList(found: readonly Doc[]): TestResponse {
  return { body: `<ul>${found.map((d) => `<li>${escapeHtml(d.user ?? '')}</li>`).join('')}</ul>` };
}

function route(request: TestRequest): TestResponse {
  const body = request.json ?? {};
  switch (request.path) {
    case '/login/vulnerable':
      return login(find({ user: body.user, password: body.password }));
    case '/login/safe':
      if (typeof body.user !== 'string' || typeof body.password !== 'string') {
        return { status: 400, type: 'application/json', body: '{"error":"strings expected"}' };
      }
      return login(find({ user: body.user, password: body.password }));
    case '/login/coercing':
      return login(find({ user: String(body.user), password: String(body.password) }));
    case '/users/vulnerable':
      return userList(find({ user: nested(request.params).user }));
    case '/users/safe':
      return userList(find({ user: request.params.user ?? '' }));
    default:
      return { status: 404, body: '' };
  }
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(route);
});

afterAll(async () => {
  await server.close();
});

const credentials = { user: 'alice', password: 'wrong' };

describe('nosql-injection', () => {
  it('reports a login bypass with operator objects in JSON', async () => {
    const issues = await runCheck(
      nosqlInjectionCheck,
      testEndpoint(`${server.origin}/login/vulnerable`, credentials, 'json'),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      ruleId: NOSQL_INJECTION_RULE.id,
      parameter: 'password',
      confidence: 'medium',
      payload: '{"$ne":null}',
      details: { form: 'json', controlStatus: 401, operatorStatus: 200 },
    });
  });

  it('reports operators smuggled in as name[$ne]= query parameters', async () => {
    const issues = await runCheck(
      nosqlInjectionCheck,
      testEndpoint(`${server.origin}/users/vulnerable`, { user: 'carol' }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ parameter: 'user', details: { form: 'bracket' } });
    expect(issues[0]?.payload).toMatch(/^user\[\$ne\]=/);
  });

  it.each([
    ['/login/safe', credentials, 'json'],
    ['/login/coercing', credentials, 'json'],
    ['/users/safe', { user: 'carol' }, 'query'],
    ['/users/safe', { user: 'alice' }, 'query'],
  ] as const)(
    'reports nothing when values are checked or coerced (%s)',
    async (path, params, where) => {
      const issues = await runCheck(
        nosqlInjectionCheck,
        testEndpoint(`${server.origin}${path}`, params, where),
      );
      expect(issues).toEqual([]);
    },
  );

  it('lets a spent budget stop the check', async () => {
    const run = runCheck(
      nosqlInjectionCheck,
      testEndpoint(`${server.origin}/login/vulnerable`, credentials, 'json'),
      testContext({ maxRequests: 4 }),
    );
    await expect(run).rejects.toBeInstanceOf(BudgetExhaustedError);
  });
});
