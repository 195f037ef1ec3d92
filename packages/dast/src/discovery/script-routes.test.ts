import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ScriptRoute, scriptRoutes } from './script-routes.js';

const BASE = 'http://127.0.0.1:3000/app/page.html';
const O = 'http://127.0.0.1:3000';

function routes(source: string): ScriptRoute[] {
  return scriptRoutes(source, BASE);
}

describe('scriptRoutes: calls', () => {
  it('reads fetch with a method and a JSON.stringify body of literals', () => {
    expect(
      routes(
        `fetch('/api/login', {method:'POST', body: JSON.stringify({username:'a', password: "b"})})`,
      ),
    ).toEqual([{ url: `${O}/api/login`, method: 'POST', json: { username: 'a', password: 'b' } }]);
  });

  it('keeps number, boolean and null literals and fills shorthand properties', () => {
    expect(
      routes(
        `fetch(\`/api/cart\`, { method: "put", headers: { "content-type": "application/json" },
           body: JSON.stringify({ qty: 2, gift: true, note: null, price: -1.5, username, password }) })`,
      ),
    ).toEqual([
      {
        url: `${O}/api/cart`,
        method: 'PUT',
        json: {
          qty: 2,
          gift: true,
          note: null,
          price: -1.5,
          username: 'rampart',
          password: 'rampart',
        },
      },
    ]);
  });

  it('reads a plain fetch as a GET without body', () => {
    expect(routes(`fetch("api/items?page=2")`)).toEqual([
      { url: `${O}/app/api/items?page=2`, method: 'GET' },
    ]);
  });

  it('reads axios calls: axios.post with an object body, axios.get, axios() with a method', () => {
    expect(
      routes(`axios.post('/api/comments', { text: 'hi', postId: 3 });
              axios.get('/api/me');
              axios('/api/x', { method: 'patch', data: { v: 'w' } });`),
    ).toEqual([
      { url: `${O}/api/comments`, method: 'POST', json: { text: 'hi', postId: 3 } },
      { url: `${O}/api/me`, method: 'GET' },
      { url: `${O}/api/x`, method: 'PATCH', json: { v: 'w' } },
    ]);
  });

  it("reads XMLHttpRequest's open with its method", () => {
    expect(
      routes(`const x = new XMLHttpRequest(); x.open('POST', '/x'); x.send(data);
              xhr.open("GET", "/y?z=1");`),
    ).toEqual([
      { url: `${O}/x`, method: 'POST' },
      { url: `${O}/y?z=1`, method: 'GET' },
    ]);
  });

  it('reads jQuery $.get, $.post and $.ajax with its type', () => {
    expect(
      routes(`$.get('/api/j'); $.post('/api/p', { a: 'b' });
              $.ajax('/api/aj', { type: 'POST', data: { k: 'v' } });`),
    ).toEqual([
      { url: `${O}/api/j`, method: 'GET' },
      // jQuery form-encodes a plain object: not a JSON body.
      { url: `${O}/api/p`, method: 'POST' },
      { url: `${O}/api/aj`, method: 'POST' },
    ]);
  });

  it('takes a JSON body sent through jQuery when it is stringified', () => {
    expect(
      routes(
        `$.ajax('/api/j', { method: 'POST', contentType: 'application/json', data: JSON.stringify({ q: 'x' }) })`,
      ),
    ).toEqual([{ url: `${O}/api/j`, method: 'POST', json: { q: 'x' } }]);
  });

  it('keeps absolute URLs and skips calls whose URL is computed', () => {
    expect(routes(`fetch('https://api.other.test/v1'); fetch(url, { method: 'POST' })`)).toEqual([
      { url: 'https://api.other.test/v1', method: 'GET' },
    ]);
  });
});

describe('scriptRoutes: path literals', () => {
  it('reads string literals that look like site paths', () => {
    expect(
      routes(`const routes = ['/admin/users', "/reports?year=2024", \`/a\`, '/'];
              import x from '/static/mod.js';`),
    ).toEqual([
      { url: `${O}/admin/users`, method: 'GET' },
      { url: `${O}/reports?year=2024`, method: 'GET' },
      { url: `${O}/a`, method: 'GET' },
      { url: `${O}/static/mod.js`, method: 'GET' },
    ]);
  });

  it('ignores protocol-relative, regex-looking and relative literals and prose', () => {
    expect(
      routes(`const cdn = '//cdn.example.com/lib.js'; const re = '/^foo*/';
              const r2 = '/a\\\\d+'; const r3 = "/[a-z]+/"; import y from './rel.js';
              document.title = 'Hello/World'; if (a / b / c) {}`),
    ).toEqual([]);
  });

  it('does not list a path literal again as GET when a call already has it', () => {
    expect(routes(`const u = '/api/login'; fetch('/api/login', { method: 'POST' })`)).toEqual([
      { url: `${O}/api/login`, method: 'POST' },
    ]);
  });

  it('finishes quickly on a long unterminated literal', () => {
    // The path pattern used to backtrack exponentially here.
    expect(routes(`x = '/${'a'.repeat(5_000)} `)).toEqual([]);
    expect(routes(`x = "/${'a/'.repeat(2_000)}a b`)).toEqual([]);
  });

  it('never throws, whatever the source', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .array(
              fc.constantFrom(
                'fetch(',
                'axios.post(',
                '$.ajax(',
                '.open(',
                "'",
                '"',
                '`',
                '/api',
                '/',
                '//',
                '{',
                '}',
                ')',
                ',',
                'method:',
                "'POST'",
                'JSON.stringify(',
                'data:',
                'a:',
                '1',
                'null',
                '%',
                '?',
                ' ',
                'http://[',
              ),
            )
            .map((parts) => parts.join('')),
        ),
        (source) => {
          for (const route of scriptRoutes(source, BASE)) {
            expect(route.url).toMatch(/^https?:\/\//);
            expect(route.method).toMatch(/^[A-Z]+$/);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
