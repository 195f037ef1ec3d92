// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the tests write ${ENV} references on purpose.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { loadAuthConfig, parseAuthConfig } from './auth-config.js';

const FULL = `login:
  url: /login            # relative to the target
  method: post
  type: form
  body: { username: alice, password: "\${RAMPART_DAST_PASSWORD}" }
  token:
    from: json
    path: data.token
    header: Authorization
    prefix: "Bearer "
  success: { status: [200, 302] }
loggedOut:
  status: [401]
  bodyContains: "Please log in"
  redirectTo: /login
headers: { X-Tenant: acme, X-Count: 5 }
cookies: { lang: en }
`;

function problem(text: string, env: Record<string, string> = {}): string {
  try {
    parseAuthConfig(text, 'auth.yml', env);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error('expected a UsageError');
}

describe('parseAuthConfig', () => {
  it('reads the documented example, expanding the environment', () => {
    const config = parseAuthConfig(FULL, 'auth.yml', { RAMPART_DAST_PASSWORD: 'pw-from-env' });
    expect(config).toEqual({
      login: {
        url: '/login',
        method: 'POST',
        type: 'form',
        body: { username: 'alice', password: 'pw-from-env' },
        token: { from: 'json', path: 'data.token', header: 'Authorization', prefix: 'Bearer ' },
        success: { status: [200, 302] },
      },
      loggedOut: { status: [401], bodyContains: 'Please log in', redirectTo: '/login' },
      headers: { 'X-Tenant': 'acme', 'X-Count': '5' },
      cookies: { lang: 'en' },
    });
  });

  it('reads JSON too, with defaults for method, type and token header', () => {
    const config = parseAuthConfig(
      '{"login": {"url": "/api/login", "body": {"user": {"n": 1}}, "token": {"from": "cookie", "name": "jwt"}}}',
      'auth.json',
      {},
    );
    expect(config.login).toEqual({
      url: '/api/login',
      method: 'POST',
      type: 'form',
      body: { user: { n: 1 } },
      token: { from: 'cookie', name: 'jwt', header: 'Authorization' },
    });
  });

  it('names a missing environment variable with its line, never a value', () => {
    const message = problem(FULL, { OTHER: 'x' });
    expect(message).toBe(
      'auth.yml:5:38: login.body.password: environment variable RAMPART_DAST_PASSWORD is not set',
    );
    expect(problem(FULL, { RAMPART_DAST_PASSWORD: '' })).toContain(
      'RAMPART_DAST_PASSWORD is not set',
    );
  });

  it('expands several variables in one value and keeps $${ literal', () => {
    const config = parseAuthConfig('headers: { X-Key: "${A}-${B}", X-Raw: "$${A}" }', 'auth.yml', {
      A: 'one',
      B: 'two',
    });
    expect(config.headers).toEqual({ 'X-Key': 'one-two', 'X-Raw': '${A}' });
  });

  it.each([
    [
      'an unknown key, with a suggestion',
      'login:\n  url: /login\n  methd: POST\n',
      /^auth\.yml:3:3: login: unknown key "methd" \(did you mean "method"\?\)/,
    ],
    [
      'a bad enum',
      'login:\n  url: /login\n  type: xml\n',
      /^auth\.yml:3:9: login\.type: expected one of form, json$/,
    ],
    [
      'a token without its path',
      'login:\n  url: /l\n  token:\n    from: json\n',
      /^auth\.yml:4:5: login\.token\.path: required when from is json/,
    ],
    [
      'a header token without a name',
      'login:\n  url: /l\n  token: { from: header }\n',
      /^auth\.yml:3:\d+: login\.token\.name: required when from is header/,
    ],
    [
      'a status out of range',
      'loggedOut:\n  status: [700]\nheaders: { a: b }\n',
      /^auth\.yml:2:\d+: loggedOut\.status\.0: /,
    ],
    [
      'a bad header name',
      'headers:\n  "Bad Header": x\n',
      /^auth\.yml:2:\d+: headers\.Bad Header: not a valid header name/,
    ],
    ['a YAML syntax error', 'login:\n  url: [/login\n', /^auth\.yml:\d+:\d+: invalid YAML: /],
    ['an empty config', '{}', /^auth\.yml:1:1: the auth config sets nothing/],
    [
      'a bad variable reference',
      'headers: { a: "${not valid}" }',
      /"\$\{not valid\}" is not a valid environment variable reference/,
    ],
  ])('rejects %s with file and line', (_, text, message) => {
    expect(problem(text)).toMatch(message);
  });
});

describe('loadAuthConfig', () => {
  it('reads a file and names it in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-auth-'));
    const good = join(dir, 'auth.yml');
    writeFileSync(good, 'cookies: { session: "${S}" }\n');
    await expect(loadAuthConfig(good, { S: 'abc' })).resolves.toEqual({
      cookies: { session: 'abc' },
    });
    await expect(loadAuthConfig(good, {})).rejects.toThrow(
      `${good}:1:21: cookies.session: environment variable S is not set`,
    );
    await expect(loadAuthConfig(join(dir, 'missing.yml'))).rejects.toThrow(
      `cannot read the auth config ${join(dir, 'missing.yml')}: no such file`,
    );
  });
});
