import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  queryEndpoint,
  runCheck,
  startTestServer,
  type TestServer,
  testContext,
} from './checks-b-test-support.js';
import { SSTI_RULE, sstiCheck } from './ssti.js';

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(body);
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A deliberately unsafe template engine: evaluates whatever is between the delimiters. */
function render(
  template: string,
  open: string,
  close: string,
  format: (value: unknown) => string = String,
): string {
  const quote = (s: string): string => s.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&');
  const re = new RegExp(`${quote(open)}(.+?)${quote(close)}`, 'g');
  return template.replace(re, (_m, expr: string) => {
    try {
      // The vulnerable twin evaluates on purpose.
      return format(new Function(`return (${expr});`)());
    } catch {
      return '';
    }
  });
}

const servers: TestServer[] = [];
let curly: TestServer;
let dollarGrouped: TestServer;
let erb: TestServer;
let safe: TestServer;
let once: TestServer;

beforeAll(async () => {
  // Builds the template from the input: `Hello {{ ... }}` gets evaluated.
  curly = await startTestServer((req, res) => {
    html(res, render(`<p>Hello ${req.parsed.searchParams.get('name') ?? ''}</p>`, '{{', '}}'));
  });
  // Like FreeMarker: `${ }` with numbers printed with grouping separators.
  dollarGrouped = await startTestServer((req, res) => {
    const template = `<p>${req.parsed.searchParams.get('greeting') ?? ''}</p>`;
    html(
      res,
      render(template, '${', '}', (v) =>
        typeof v === 'number' ? v.toLocaleString('en-US') : String(v),
      ),
    );
  });
  erb = await startTestServer((req, res) => {
    html(res, render(`<p>${req.parsed.searchParams.get('msg') ?? ''}</p>`, '<%=', '%>'));
  });
  // Passes the input as data: shown escaped, never evaluated.
  safe = await startTestServer((req, res) => {
    html(res, `<p>Hello ${escapeHtml(req.parsed.searchParams.get('name') ?? '')}</p>`);
  });
  // Evaluates only the first expression it sees: the confirmation must fail.
  let evaluated = false;
  once = await startTestServer((req, res) => {
    const name = req.parsed.searchParams.get('name') ?? '';
    if (!evaluated && name.startsWith('{{')) {
      evaluated = true;
      return html(res, render(`<p>${name}</p>`, '{{', '}}'));
    }
    html(res, `<p>${escapeHtml(name)}</p>`);
  });
  servers.push(curly, dollarGrouped, erb, safe, once);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('sstiCheck', () => {
  it('reports {{ }} evaluation, confirmed twice, with a JavaScript-like engine family', async () => {
    const endpoint = queryEndpoint(`${curly.origin}/hello`, { name: 'ann' });
    const issues = await runCheck(sstiCheck, endpoint, testContext(curly.origin));
    expect(issues).toHaveLength(1);
    const issue = issues[0];
    expect(issue?.ruleId).toBe(SSTI_RULE.id);
    expect(issue?.confidence).toBe('high');
    expect(issue?.payload).toMatch(/^\{\{\d{4}\*\d{4}\}\}$/);
    const [a, b] = (issue?.payload ?? '').match(/\d+/g)?.map(Number) ?? [];
    expect(issue?.proof).toBe(String((a ?? 0) * (b ?? 0)));
    expect(issue?.exchange?.response.body).toContain(issue?.proof);
    expect(issue?.details?.confirmationPayload).toMatch(/^\{\{\d{4}\*\d{4}\}\}$/);
    expect(issue?.details?.engine).toMatch(/Twig, Nunjucks/);
  });

  it('recognises a product printed with grouping separators (dollar braces)', async () => {
    const endpoint = queryEndpoint(`${dollarGrouped.origin}/`, { greeting: 'hi' });
    const issues = await runCheck(sstiCheck, endpoint, testContext(dollarGrouped.origin));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.proof).toMatch(/^\d{1,2},\d{3},\d{3}$/);
    expect(issues[0]?.details?.engine).toMatch(/FreeMarker/);
  });

  it('reports <%= %> evaluation as ERB or EJS', async () => {
    const endpoint = queryEndpoint(`${erb.origin}/`, { msg: 'x' });
    const issues = await runCheck(sstiCheck, endpoint, testContext(erb.origin));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.details?.engine).toMatch(/ERB or EJS/);
  });

  it('does not report input that is shown escaped', async () => {
    const endpoint = queryEndpoint(`${safe.origin}/hello`, { name: 'ann' });
    expect(await runCheck(sstiCheck, endpoint, testContext(safe.origin))).toEqual([]);
  });

  it('does not report a single evaluation that the second expression does not confirm', async () => {
    const endpoint = queryEndpoint(`${once.origin}/`, { name: 'ann' });
    expect(await runCheck(sstiCheck, endpoint, testContext(once.origin))).toEqual([]);
  });
});
