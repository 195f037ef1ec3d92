import type { JsonValue } from '@rampart/core';
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
  EndpointBaseline,
  injectableParams,
  type ResponseComparator,
  type ResponseShape,
  responseShape,
  trySend,
} from './injection-common.js';

/** NoSQL operator injection: a request value becomes a query operator (MongoDB style). */
export const NOSQL_INJECTION_RULE: DastRule = {
  id: 'dast/nosql-injection',
  title: 'NoSQL operator injection',
  severity: 'high',
  cwe: ['CWE-943'],
  owasp: 'A03:2021',
  remediation: [
    'Validate the type of every request value before it reaches a query: a field that should be',
    'a string must be a string (e.g. a schema validator such as zod or Joi, or',
    '`if (typeof password !== "string") return res.status(400)`). Reject or strip keys starting',
    'with `$` (express-mongo-sanitize), enable `sanitizeFilter` in Mongoose, and never pass',
    '`req.body` or `req.query` objects to `find`/`findOne` directly. Where the query-string parser',
    'builds objects from `a[b]=c`, switch it to the simple parser.',
  ].join(' '),
  references: [
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/05.6-Testing_for_NoSQL_Injection',
    'https://cheatsheetseries.owasp.org/cheatsheets/Injection_Prevention_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/943.html',
  ],
};

/** One way to send an operator: how a true operator, a false one and the control look. */
interface OperatorForm {
  readonly name: 'json' | 'bracket';
  /** Always-true operators: the second confirms the first. */
  readonly truthy: readonly [Operator, Operator];
  /** An operator that matches nothing: it must behave like an ordinary wrong value. */
  readonly falsy: Operator;
}

interface Operator {
  readonly label: string;
  /** The request, and the text of the value as the response may reflect it. */
  build(
    endpoint: Endpoint,
    param: Param,
    ctx: ActiveContext,
    marker: string,
  ): { request: ReturnType<ActiveContext['inject']>; reflected: string };
}

/** `{"field": {"$op": value}}` in a JSON body. */
function jsonOperator(op: string, value: (marker: string) => JsonValue): Operator {
  return {
    label: op,
    build(endpoint, param, ctx, marker) {
      const json: JsonValue = { [op]: value(marker) };
      return { request: ctx.inject(endpoint, param, json), reflected: JSON.stringify(json) };
    },
  };
}

/** `field[$op]=value` in a query string or form body (PHP, Express `qs` style). */
function bracketOperator(op: string, value: (marker: string) => string): Operator {
  return {
    label: op,
    build(endpoint, param, ctx, marker) {
      const renamed: Param = { ...param, name: `${param.name}[${op}]` };
      const variant: Endpoint = {
        ...endpoint,
        params: endpoint.params.map((p) => (p === param ? renamed : p)),
      };
      const v = value(marker);
      return { request: ctx.inject(variant, renamed, v), reflected: v };
    },
  };
}

const FORMS: Readonly<Record<'json' | 'bracket', OperatorForm>> = {
  json: {
    name: 'json',
    truthy: [jsonOperator('$ne', () => null), jsonOperator('$gt', () => '')],
    falsy: jsonOperator('$in', () => []),
  },
  bracket: {
    name: 'bracket',
    truthy: [bracketOperator('$ne', (m) => m), bracketOperator('$gt', () => '')],
    falsy: bracketOperator('$eq', (m) => m),
  },
};

function formFor(param: Param): OperatorForm | undefined {
  if (param.in === 'json') return FORMS.json;
  if (param.in === 'query' || param.in === 'form') return FORMS.bracket;
  return undefined;
}

/**
 * Whether the operator's response looks like success next to the control's (an ordinary
 * wrong value): an error turned into a 2xx/3xx, or a clearly different page that either
 * reproduces the original request's or carries more content.
 */
function looksTrue(
  operator: ResponseShape,
  control: ResponseShape,
  original: ResponseShape,
  compare: ResponseComparator,
): boolean {
  if (operator.status >= 400) return false;
  if (control.status >= 400) return true;
  if (!compare.differ(operator, control)) return false;
  return compare.same(operator, original) || operator.size > control.size;
}

async function testParam(
  endpoint: Endpoint,
  param: Param,
  ctx: ActiveContext,
  baseline: EndpointBaseline,
): Promise<DastIssue | undefined> {
  const form = formFor(param);
  if (!form) return undefined;
  const compare = await baseline.compare();
  const first = await baseline.first();
  if (!compare || !first || compare.unstable) return undefined;
  const original = responseShape(first);
  const marker = ctx.marker();
  const send = async (operator: Operator): Promise<[Exchange, ResponseShape] | undefined> => {
    const { request, reflected } = operator.build(endpoint, param, ctx, marker);
    const exchange = await trySend(ctx, request);
    return exchange ? [exchange, responseShape(exchange, reflected, marker)] : undefined;
  };
  const [truthy1, truthy2] = form.truthy;
  const hit = await send(truthy1);
  if (!hit) return undefined;
  const controlExchange = await trySend(ctx, ctx.inject(endpoint, param, marker));
  if (!controlExchange) return undefined;
  const control = responseShape(controlExchange);
  if (!looksTrue(hit[1], control, original, compare)) return undefined;
  // An operator that matches nothing must look like a wrong value: the object was read as a
  // query, not rejected or echoed.
  const miss = await send(form.falsy);
  if (!miss || !compare.same(miss[1], control)) return undefined;
  const again = await send(truthy2);
  if (!again || !compare.same(again[1], hit[1])) return undefined;
  const payload = truthy1.build(endpoint, param, ctx, marker).reflected;
  return {
    ruleId: NOSQL_INJECTION_RULE.id,
    message: `Parameter '${param.name}' is used as a NoSQL query object: the operators ${truthy1.label} and ${truthy2.label} both changed the response from HTTP ${controlExchange.response.status} (an ordinary wrong value, and ${form.falsy.label} matching nothing) to HTTP ${hit[0].response.status}.`,
    confidence: 'medium',
    method: endpoint.method,
    url: endpoint.url,
    parameter: param.name,
    payload: form.name === 'bracket' ? `${param.name}[${truthy1.label}]=${payload}` : payload,
    exchange: hit[0],
    details: {
      form: form.name,
      operators: [truthy1.label, truthy2.label],
      controlStatus: controlExchange.response.status,
      operatorStatus: hit[0].response.status,
      controlLength: controlExchange.response.body.length,
      operatorLength: hit[0].response.body.length,
    },
  };
}

/** NoSQL operator injection through JSON bodies and `field[$op]=` query or form parameters. */
export const nosqlInjectionCheck: ActiveCheck = {
  id: 'nosql-injection',
  rules: [NOSQL_INJECTION_RULE],
  async *run(endpoint, ctx) {
    const params = injectableParams(endpoint).filter((p) => formFor(p) !== undefined);
    if (params.length === 0) return;
    const baseline = new EndpointBaseline(endpoint, ctx);
    if (!(await baseline.first())) return;
    for (const param of params) {
      const issue = await testParam(endpoint, param, ctx, baseline);
      if (issue) yield issue;
    }
  },
};
