import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BudgetExhaustedError } from '../../http/errors.js';
import {
  escapeHtml,
  runCheck,
  startTestServer,
  type TestServer,
  testContext,
  testEndpoint,
} from './injection-test-support.js';
import {
  jsHasCodeIdentifier,
  jsStates,
  reflectionContexts,
  XSS_REFLECTED_RULE,
  xssCheck,
} from './xss.js';

/** JavaScript string escaping that is also safe inside <script> (what a careful app does). */
function jsString(value: string): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/'/g, '\\u0027');
}

/** Pages writing `v` into one context each: the vulnerable way and the safe way. */
const PAGES: Readonly<
  Record<string, { vulnerable: (v: string) => string; safe: (v: string) => string }>
> = {
  text: {
    vulnerable: (v) => `<p>Hello ${v}</p>`,
    safe: (v) => `<p>Hello ${escapeHtml(v)}</p>`,
  },
  'attribute-double': {
    vulnerable: (v) => `<input name="q" value="${v}">`,
    safe: (v) => `<input name="q" value="${escapeHtml(v)}">`,
  },
  'attribute-single': {
    vulnerable: (v) => `<input name='q' value='${v}'>`,
    safe: (v) => `<input name='q' value='${escapeHtml(v)}'>`,
  },
  'attribute-unquoted': {
    vulnerable: (v) => `<input name=q value=${v}>`,
    safe: (v) => `<input name=q value="${escapeHtml(v)}">`,
  },
  'script-single': {
    vulnerable: (v) => `<script>var q = '${v}'; render(q);</script>`,
    safe: (v) => `<script>var q = ${jsString(v)}; render(q);</script>`,
  },
  'script-json': {
    // JSON.stringify escapes quotes, not </script>.
    vulnerable: (v) => `<script>var state = ${JSON.stringify({ q: v })};</script>`,
    safe: (v) => `<script>var state = {"q":${jsString(v)}};</script>`,
  },
  'script-code': {
    vulnerable: (v) => `<script>var page = ${v};</script>`,
    safe: (v) => `<script>var page = ${jsString(v)};</script>`,
  },
  comment: {
    vulnerable: (v) => `<!-- searched for ${v} --><p>ok</p>`,
    safe: (v) => `<!-- searched for ${escapeHtml(v)} --><p>ok</p>`,
  },
  textarea: {
    vulnerable: (v) => `<textarea>${v}</textarea>`,
    safe: (v) => `<textarea>${escapeHtml(v)}</textarea>`,
  },
  href: {
    // Escaped, but any scheme is allowed.
    vulnerable: (v) => `<a href="${escapeHtml(v)}">next</a>`,
    safe: (v) => `<a href="/go?to=${encodeURIComponent(v)}">next</a>`,
  },
  'event-handler': {
    // HTML escaping does not help: the browser decodes &#39; before running the handler.
    vulnerable: (v) => `<button onclick="track('${escapeHtml(v)}')">go</button>`,
    safe: (v) => `<button onclick="track(${escapeHtml(jsString(v))})">go</button>`,
  },
};

const EXPECTED_CONTEXT: Readonly<Record<string, string>> = {
  text: 'text',
  'attribute-double': 'attribute',
  'attribute-single': 'attribute',
  'attribute-unquoted': 'attribute',
  'script-single': 'script',
  'script-json': 'script',
  'script-code': 'script',
  comment: 'comment',
  textarea: 'raw-text',
  href: 'attribute',
  'event-handler': 'attribute',
};

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((request) => {
    const v = request.params.q ?? '';
    const [, name, variant] = request.path.split('/');
    if (name === 'json') {
      return { type: 'application/json', body: `{"echo":"${v}"}` };
    }
    const page = PAGES[name ?? ''];
    if (!page || (variant !== 'vulnerable' && variant !== 'safe')) return { status: 404, body: '' };
    return { body: `<!doctype html><html><body>${page[variant](v)}</body></html>` };
  });
});

afterAll(async () => {
  await server.close();
});

describe('xss-reflected', () => {
  it.each(Object.keys(PAGES))('confirms a breakout in the %s context', async (name) => {
    const issues = await runCheck(
      xssCheck,
      testEndpoint(`${server.origin}/${name}/vulnerable`, { q: 'hello' }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      ruleId: XSS_REFLECTED_RULE.id,
      parameter: 'q',
      confidence: 'high',
      details: { context: EXPECTED_CONTEXT[name] },
    });
    expect(issues[0]?.exchange?.response.body).toContain(issues[0]?.proof);
  });

  it.each(Object.keys(PAGES))('reports nothing when the %s context is encoded', async (name) => {
    const issues = await runCheck(
      xssCheck,
      testEndpoint(`${server.origin}/${name}/safe`, { q: 'hello' }),
    );
    expect(issues).toEqual([]);
  });

  it('ignores a JSON response that echoes markup', async () => {
    const issues = await runCheck(xssCheck, testEndpoint(`${server.origin}/json`, { q: 'hello' }));
    expect(issues).toEqual([]);
  });

  it('finds form parameters too', async () => {
    const issues = await runCheck(
      xssCheck,
      testEndpoint(`${server.origin}/text/vulnerable`, { q: 'hello' }, 'form'),
    );
    expect(issues.map((i) => i.parameter)).toEqual(['q']);
  });

  it('lets a spent budget stop the check', async () => {
    const run = runCheck(
      xssCheck,
      testEndpoint(`${server.origin}/text/vulnerable`, { q: 'hello' }),
      testContext({ maxRequests: 1 }),
    );
    await expect(run).rejects.toBeInstanceOf(BudgetExhaustedError);
  });
});

describe('reflection contexts', () => {
  it('tells the contexts of a page apart', () => {
    const html =
      `<p title='c1'>c1</p><script>var a = "c1"; // c1\n</script>` +
      `<a href=c1 onclick="go(\`\${c1}\`)">x</a><!-- c1 --><title>c1</title>`;
    expect(reflectionContexts(html, 'c1')).toEqual([
      { kind: 'text' },
      { kind: 'script', js: 'double' },
      { kind: 'script', js: 'line-comment' },
      { kind: 'raw-text', tag: 'title' },
      { kind: 'comment' },
      { kind: 'attribute', tag: 'p', name: 'title', quote: "'", url: false, js: undefined },
      { kind: 'attribute', tag: 'a', name: 'href', quote: '', url: true, js: undefined },
      { kind: 'attribute', tag: 'a', name: 'onclick', quote: '"', url: false, js: 'code' },
    ]);
  });

  it('reads escaped quotes as string content', () => {
    expect(jsHasCodeIdentifier(`var a = '\\';m1;//';`, 'm1')).toBe(false);
    expect(jsHasCodeIdentifier(`var a = '';m1;//';`, 'm1')).toBe(true);
    expect(jsStates(['`a$', '{b}c`'].join('')).join(',')).toBe(
      'code,template,template,template,code,code,template,template',
    );
  });
});
