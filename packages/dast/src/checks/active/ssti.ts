import { randomInt } from 'node:crypto';
import type {
  ActiveCheck,
  ActiveContext,
  DastIssue,
  DastRule,
  Endpoint,
  Exchange,
  Param,
} from '../../types.js';
import { createProbe, type Probe } from './checks-b-support.js';

/** The server-side template injection rule. */
export const SSTI_RULE: DastRule = {
  id: 'dast/ssti',
  title: 'Server-side template injection: input is evaluated as a template',
  severity: 'high',
  cwe: ['CWE-1336'],
  owasp: 'A03:2021',
  remediation: [
    'Never build a template from request input. Pass input to a fixed template as data',
    '(`render("hello.html", { name })`, not `renderString("Hello " + name)`), so the engine',
    'escapes it instead of evaluating it. If users must author templates, use a logic-less',
    'engine in a sandbox (e.g. Jinja2 `SandboxedEnvironment`, Handlebars without helpers)',
    'and never give it access to application objects. Template injection usually leads to',
    'remote code execution: treat it as critical once confirmed.',
  ].join('\n'),
  references: [
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/18-Testing_for_Server-side_Template_Injection',
    'https://cwe.mitre.org/data/definitions/1336.html',
    'https://portswigger.net/research/server-side-template-injection',
  ],
};

interface Syntax {
  /** Wraps an expression in this syntax. */
  readonly wrap: (expression: string) => string;
  /** Engines that use it. */
  readonly engine: string;
}

/** One probe per expression syntax, most common first; a hit is confirmed in the same syntax. */
const SYNTAXES: readonly Syntax[] = [
  { wrap: (e) => `{{${e}}}`, engine: 'Jinja2, Twig, Nunjucks or similar ({{ }})' },
  {
    wrap: (e) => `\${${e}}`,
    engine: `FreeMarker, Mako, JSP/Spring EL or JavaScript template literal (\${ })`,
  },
  { wrap: (e) => `<%= ${e} %>`, engine: 'ERB or EJS (<%= %>)' },
  { wrap: (e) => `#{${e}}`, engine: 'Ruby interpolation, Pug or JSF EL (#{ })' },
  { wrap: (e) => `{{=${e}}}`, engine: 'doT (js) ({{= }})' },
];

/** A product with digit groups optionally separated (FreeMarker prints `1,788,906`). */
function productPattern(product: number): RegExp {
  const digits = String(product);
  const groups: string[] = [];
  for (let end = digits.length; end > 0; end -= 3)
    groups.unshift(digits.slice(Math.max(0, end - 3), end));
  return new RegExp(`(?<![\\d.,])${groups.join("[,.\\u00a0\\u202f' ]?")}(?![\\d])`);
}

/** Two four-digit factors: the product has seven or eight digits, rare by chance. */
function factors(): [number, number] {
  return [randomInt(1100, 9900), randomInt(1100, 9900)];
}

interface Evaluation {
  readonly exchange: Exchange;
  readonly payload: string;
  readonly proof: string;
}

/**
 * Sends `a*b` in `syntax` and returns the exchange when the product appears and the
 * unmodified page does not already show it.
 */
async function evaluates(
  endpoint: Endpoint,
  param: Param,
  ctx: ActiveContext,
  probe: Probe,
  syntax: Syntax,
  [a, b]: [number, number],
): Promise<Evaluation | undefined> {
  const payload = syntax.wrap(`${a}*${b}`);
  const exchange = await probe.send(ctx.inject(endpoint, param, payload));
  if (!exchange) return undefined;
  const pattern = productPattern(a * b);
  const proof = pattern.exec(exchange.response.body)?.[0];
  if (proof === undefined) return undefined;
  const baseline = await probe.baseline();
  if (baseline && pattern.test(baseline.response.body)) return undefined;
  return { exchange, payload, proof };
}

/**
 * Tells Python-based `{{ }}` engines (Jinja2: `'ab'*2` repeats the string) from PHP and
 * JavaScript ones (Twig, Nunjucks: `'12'*2` is 24).
 */
async function refineCurlyEngine(
  endpoint: Endpoint,
  param: Param,
  ctx: ActiveContext,
  probe: Probe,
): Promise<string | undefined> {
  const n = randomInt(1100, 9900);
  const exchange = await probe.send(ctx.inject(endpoint, param, `{{'${n}'*2}}`));
  if (!exchange) return undefined;
  const body = exchange.response.body;
  if (body.includes(`${n}${n}`)) return 'Jinja2 or another Python engine ({{ }})';
  if (productPattern(n * 2).test(body))
    return 'Twig, Nunjucks or another PHP/JavaScript engine ({{ }})';
  return undefined;
}

/**
 * Sends an arithmetic expression with random factors in each common template syntax
 * (`{{ }}`, `${ }`, `<%= %>`, `#{ }`, `{{= }}`) and reports when the product appears in the
 * response but not in the unmodified page; a second expression with other factors in the
 * same syntax must evaluate too, so a coincidental number is not reported. The engine
 * family is given in `details.engine`.
 */
export const sstiCheck: ActiveCheck = {
  id: 'ssti',
  rules: [SSTI_RULE],
  async *run(endpoint: Endpoint, ctx) {
    const probe = createProbe(endpoint, ctx);
    for (const param of endpoint.params) {
      for (const syntax of SYNTAXES) {
        if (probe.stopped) return;
        const first = await evaluates(endpoint, param, ctx, probe, syntax, factors());
        if (!first) continue;
        const second = await evaluates(endpoint, param, ctx, probe, syntax, factors());
        if (!second) continue;
        const engine =
          syntax === SYNTAXES[0]
            ? ((await refineCurlyEngine(endpoint, param, ctx, probe)) ?? syntax.engine)
            : syntax.engine;
        const issue: DastIssue = {
          ruleId: SSTI_RULE.id,
          message: `Parameter "${param.name}" is evaluated as a template: "${first.payload}" and "${second.payload}" both came back computed.`,
          confidence: 'high',
          method: endpoint.method,
          url: endpoint.url,
          parameter: param.name,
          payload: first.payload,
          exchange: first.exchange,
          proof: first.proof,
          details: {
            engine,
            confirmationPayload: second.payload,
            location: param.in,
          },
        };
        yield issue;
        break;
      }
    }
  },
};
