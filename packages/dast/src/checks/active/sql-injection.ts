import type {
  ActiveCheck,
  ActiveContext,
  DastIssue,
  DastRule,
  Endpoint,
  Exchange,
  Param,
} from '../../types.js';
import {
  delayPlan,
  EndpointBaseline,
  injectableParams,
  isNumeric,
  originalText,
  type ResponseShape,
  responseDistance,
  responseShape,
  timingDetails,
  trySend,
} from './injection-common.js';
import { confirmDelay, type TimingOptions } from './timing.js';

/** SQL injection, found by database errors, boolean differentials or time delays. */
export const SQL_INJECTION_RULE: DastRule = {
  id: 'dast/sql-injection',
  title: 'SQL injection',
  severity: 'critical',
  cwe: ['CWE-89'],
  owasp: 'A03:2021',
  remediation: [
    'Never build SQL by concatenating request values. Use parameterised queries (prepared',
    'statements with bound parameters, e.g. `db.prepare("SELECT * FROM users WHERE name = ?").get(name)`)',
    'or a query builder/ORM that binds values. Where identifiers (column names, sort order) come',
    'from the request, map them through an allow-list. Do not show database errors to clients,',
    'and run the application with a database account that has only the rights it needs.',
  ].join(' '),
  references: [
    'https://owasp.org/www-community/attacks/SQL_Injection',
    'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/89.html',
  ],
};

/** Options of {@link createSqlInjectionCheck}. */
export interface SqlInjectionOptions extends TimingOptions {
  /** Techniques to try, in order (default all three). */
  readonly techniques?: readonly ('error' | 'boolean' | 'time')[] | undefined;
}

interface ErrorSignature {
  readonly dbms: string;
  readonly pattern: RegExp;
}

/** Error messages of the major databases and drivers; matched only when absent from the baseline. */
const ERROR_SIGNATURES: readonly ErrorSignature[] = [
  { dbms: 'SQLite', pattern: /SQLITE_ERROR/ },
  { dbms: 'SQLite', pattern: /SqliteError\b/ },
  { dbms: 'SQLite', pattern: /near "[^"\n]{0,80}": syntax error/ },
  { dbms: 'SQLite', pattern: /unrecognized token: "?[^\n]{0,80}/ },
  { dbms: 'SQLite', pattern: /sqlite3\.OperationalError|System\.Data\.SQLite\.SQLiteException/ },
  { dbms: 'MySQL', pattern: /You have an error in your SQL syntax[^\n]{0,120}/i },
  {
    dbms: 'MySQL',
    pattern: /check the manual that (?:corresponds|fits) to your (?:MySQL|MariaDB)/i,
  },
  { dbms: 'MySQL', pattern: /Warning:?\s*(?:<\/b>\s*)?mysqli?_[a-z_]+\(/i },
  { dbms: 'MySQL', pattern: /\bmysql_fetch_(?:array|assoc|row|object)\b/i },
  { dbms: 'MySQL', pattern: /com\.mysql\.(?:cj\.)?jdbc|MySqlException|ER_PARSE_ERROR/ },
  { dbms: 'PostgreSQL', pattern: /syntax error at or near "[^"\n]{0,80}"/i },
  { dbms: 'PostgreSQL', pattern: /unterminated quoted (?:string|identifier) at or near/i },
  { dbms: 'PostgreSQL', pattern: /PG::SyntaxError|org\.postgresql\.util\.PSQLException/ },
  { dbms: 'PostgreSQL', pattern: /Warning:?\s*(?:<\/b>\s*)?pg_(?:query|exec)\(/i },
  {
    dbms: 'Microsoft SQL Server',
    pattern: /Unclosed quotation mark (?:after|before) the character string/i,
  },
  { dbms: 'Microsoft SQL Server', pattern: /Microsoft OLE DB Provider for (?:SQL Server|ODBC)/i },
  {
    dbms: 'Microsoft SQL Server',
    pattern: /SQLServer JDBC Driver|com\.microsoft\.sqlserver\.jdbc/,
  },
  { dbms: 'Microsoft SQL Server', pattern: /System\.Data\.SqlClient\.SqlException|\[SQL Server\]/ },
  { dbms: 'Oracle', pattern: /\bORA-0(?:1756|0933|0907|0921|1740)\b[^\n]{0,80}/ },
  { dbms: 'Oracle', pattern: /quoted string not properly terminated/i },
  { dbms: 'generic', pattern: /java\.sql\.SQL(?:Syntax)?(?:Error)?Exception[^\n]{0,80}/ },
  { dbms: 'generic', pattern: /\[ODBC [^\]\n]{0,40}Driver\]/ },
  { dbms: 'generic', pattern: /SQLSTATE\[[0-9A-Z]{5}\][^\n]{0,80}/ },
  { dbms: 'generic', pattern: /Syntax error in string in query expression/i },
];

const ERROR_SUFFIXES = [`'`, `"`, `')`];

/** Pairs of (true, false) suffixes; the second pair confirms the first with other tokens. */
interface BooleanForm {
  readonly name: string;
  /** Which side reproduces the original query (AND true, or OR false). */
  readonly identity: 'true' | 'false';
  readonly pairs: readonly [readonly [string, string], readonly [string, string]];
  readonly numericOnly?: boolean;
  /** OR forms can widen an UPDATE or DELETE to every row: only for safe methods. */
  readonly safeMethodsOnly?: boolean;
}

const BOOLEAN_FORMS: readonly BooleanForm[] = [
  {
    name: 'string AND',
    identity: 'true',
    pairs: [
      [`' AND '1'='1`, `' AND '1'='2`],
      [`' AND 7=7 AND 'x'='x`, `' AND 7=8 AND 'x'='x`],
    ],
  },
  {
    name: 'numeric AND',
    identity: 'true',
    numericOnly: true,
    pairs: [
      [' AND 1=1', ' AND 1=2'],
      [' AND 7=7', ' AND 7=8'],
    ],
  },
  {
    name: 'string OR',
    identity: 'false',
    safeMethodsOnly: true,
    pairs: [
      [`' OR '1'='1`, `' OR '1'='2`],
      [`' OR 7=7 OR 'x'='y`, `' OR 7=8 OR 'x'='y`],
    ],
  },
];

/** Rows a SQLite recursive CTE counts per second of delay, on a small 2-core machine. */
const SQLITE_ROWS_PER_SECOND = 10_000_000;

interface DelayPayload {
  readonly dbms: string;
  readonly context: 'string' | 'numeric';
  readonly build: (value: string, delaySec: number) => string;
}

/**
 * Delay payloads. The expression forms are scalar subqueries with no reference to the row,
 * so the database runs them once per statement rather than once per row. SQLite has no
 * sleep: counting a recursive CTE costs CPU only (the `RANDOMBLOB` trick allocates hundreds
 * of megabytes on the target).
 */
const SLEEP_EXPRESSIONS: readonly { dbms: string; expr: (delaySec: number) => string }[] = [
  {
    dbms: 'SQLite',
    expr: (d) =>
      `(SELECT count(*)*0 FROM (WITH RECURSIVE rmp(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM rmp WHERE x<${Math.max(1, d * SQLITE_ROWS_PER_SECOND)}) SELECT x FROM rmp))`,
  },
  { dbms: 'MySQL', expr: (d) => `(SELECT 0 FROM (SELECT SLEEP(${d}))rmp)` },
  { dbms: 'PostgreSQL', expr: (d) => `(SELECT 0 FROM pg_sleep(${d}))` },
];

const DELAY_PAYLOADS: readonly DelayPayload[] = [
  ...SLEEP_EXPRESSIONS.map(
    ({ dbms, expr }): DelayPayload => ({
      dbms,
      context: 'string',
      build: (v, d) => `${v}'||${expr(d)}||'`,
    }),
  ),
  {
    dbms: 'Microsoft SQL Server',
    context: 'string',
    build: (v, d) => `${v}';WAITFOR DELAY '0:0:${d}'--`,
  },
  ...SLEEP_EXPRESSIONS.map(
    ({ dbms, expr }): DelayPayload => ({
      dbms,
      context: 'numeric',
      build: (v, d) => `${v}+${expr(d)}`,
    }),
  ),
  {
    dbms: 'Microsoft SQL Server',
    context: 'numeric',
    build: (v, d) => `${v};WAITFOR DELAY '0:0:${d}'--`,
  },
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Builds the SQL injection check (tests lower the delay floor). */
export function createSqlInjectionCheck(options: SqlInjectionOptions = {}): ActiveCheck {
  const techniques = options.techniques ?? ['error', 'boolean', 'time'];
  return {
    id: 'sql-injection',
    rules: [SQL_INJECTION_RULE],
    async *run(endpoint, ctx) {
      const params = injectableParams(endpoint);
      if (params.length === 0) return;
      const baseline = new EndpointBaseline(endpoint, ctx, options);
      if (!(await baseline.first())) return;
      for (const param of params) {
        for (const technique of techniques) {
          const issue =
            technique === 'error'
              ? await errorBased(endpoint, param, ctx, baseline)
              : technique === 'boolean'
                ? await booleanBased(endpoint, param, ctx, baseline)
                : await timeBased(endpoint, param, ctx, baseline, options);
          if (issue) {
            yield issue;
            break;
          }
        }
      }
    },
  };
}

/** SQL injection by error messages, boolean differentials and time delays. */
export const sqlInjectionCheck: ActiveCheck = createSqlInjectionCheck();

function issueFor(
  endpoint: Endpoint,
  param: Param,
  fields: Pick<DastIssue, 'message' | 'confidence' | 'payload' | 'exchange' | 'proof' | 'details'>,
): DastIssue {
  return {
    ruleId: SQL_INJECTION_RULE.id,
    method: endpoint.method,
    url: endpoint.url,
    parameter: param.name,
    ...fields,
  };
}

async function errorBased(
  endpoint: Endpoint,
  param: Param,
  ctx: ActiveContext,
  baseline: EndpointBaseline,
): Promise<DastIssue | undefined> {
  const original = await baseline.first();
  if (!original) return undefined;
  const already = ERROR_SIGNATURES.filter((s) => s.pattern.test(original.response.body));
  const value = originalText(param);
  for (const suffix of ERROR_SUFFIXES) {
    const payload = `${value}${suffix}`;
    const exchange = await trySend(ctx, ctx.inject(endpoint, param, payload));
    if (!exchange) continue;
    for (const signature of ERROR_SIGNATURES) {
      if (already.includes(signature)) continue;
      const match = signature.pattern.exec(exchange.response.body);
      if (!match) continue;
      return issueFor(endpoint, param, {
        message: `Parameter '${param.name}' reaches a SQL query unescaped: the payload ${JSON.stringify(payload)} made the response show a ${signature.dbms === 'generic' ? 'database' : signature.dbms} syntax error.`,
        confidence: 'high',
        payload,
        exchange,
        proof: match[0],
        details: { technique: 'error', dbms: signature.dbms },
      });
    }
  }
  return undefined;
}

async function booleanBased(
  endpoint: Endpoint,
  param: Param,
  ctx: ActiveContext,
  baseline: EndpointBaseline,
): Promise<DastIssue | undefined> {
  const comparator = await baseline.compare();
  const original = await baseline.first();
  if (!comparator || !original || comparator.unstable) return undefined;
  const value = originalText(param);
  const base = responseShape(original);
  const send = async (suffix: string): Promise<[Exchange, ResponseShape] | undefined> => {
    const payload = `${value}${suffix}`;
    const exchange = await trySend(ctx, ctx.inject(endpoint, param, payload));
    return exchange ? [exchange, responseShape(exchange, payload, value)] : undefined;
  };
  for (const form of BOOLEAN_FORMS) {
    if (form.numericOnly && !isNumeric(value)) continue;
    if (form.safeMethodsOnly && !SAFE_METHODS.has(endpoint.method.toUpperCase())) continue;
    const [[true1, false1], [true2, false2]] = form.pairs;
    const t1 = await send(true1);
    const f1 = t1 && (await send(false1));
    if (!t1 || !f1 || !comparator.differ(t1[1], f1[1])) continue;
    // One side must reproduce the original query, or the difference is not about logic.
    const identity = form.identity === 'true' ? t1[1] : f1[1];
    const split = responseDistance(t1[1], f1[1]);
    if (responseDistance(identity, base) >= split / 2) continue;
    const t2 = await send(true2);
    const f2 = t2 && (await send(false2));
    if (!t2 || !f2) continue;
    if (!comparator.differ(t2[1], f2[1])) continue;
    if (!comparator.same(t1[1], t2[1]) || !comparator.same(f1[1], f2[1])) continue;
    const clear = comparator.same(identity, base);
    return issueFor(endpoint, param, {
      message: `Parameter '${param.name}' changes the result of a SQL query: appending ${JSON.stringify(true1)} and ${JSON.stringify(false1)} (and a second true/false pair) gives two different, repeatable responses.`,
      confidence: clear ? 'high' : 'medium',
      payload: `${value}${true1}`,
      exchange: t1[0],
      details: {
        technique: 'boolean',
        form: form.name,
        trueStatus: t1[0].response.status,
        falseStatus: f1[0].response.status,
        trueLength: t1[0].response.body.length,
        falseLength: f1[0].response.body.length,
        falsePayload: `${value}${false1}`,
      },
    });
  }
  return undefined;
}

async function timeBased(
  endpoint: Endpoint,
  param: Param,
  ctx: ActiveContext,
  baseline: EndpointBaseline,
  options: TimingOptions,
): Promise<DastIssue | undefined> {
  const plan = await delayPlan('sql-injection', endpoint, ctx, baseline, options);
  if (!plan) return undefined;
  const { delaySec } = plan;
  const value = originalText(param);
  for (const candidate of DELAY_PAYLOADS) {
    if (candidate.context === 'numeric' && !isNumeric(value)) continue;
    const verdict = await confirmDelay(ctx, plan.latency, delaySec, (d) => {
      const payload = candidate.build(value, d);
      return { payload, request: ctx.inject(endpoint, param, payload) };
    });
    if (!verdict.confirmed) continue;
    return issueFor(endpoint, param, {
      message: `Parameter '${param.name}' controls the running time of a SQL query: a ${candidate.dbms} delay of ${delaySec} s and ${2 * delaySec} s slowed the response accordingly, while the same payload without delay did not.`,
      confidence: 'medium',
      payload: verdict.payload,
      exchange: verdict.exchange,
      details: {
        ...timingDetails(plan, verdict),
        dbms: candidate.dbms,
      },
    });
  }
  return undefined;
}
