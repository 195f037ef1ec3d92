import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileInside, preferredEncoding } from './static-files.js';

const root = resolve('/srv/rampart/dist');

describe('fileInside', () => {
  it.each([
    ['index.html', 'index.html'],
    ['assets/index-B1x_9f-Q.js', 'assets/index-B1x_9f-Q.js'],
    ['assets/fonts/inter-latin.woff2', 'assets/fonts/inter-latin.woff2'],
    ['_plugin-helper.js', '_plugin-helper.js'],
  ])('accepts the build file name %s', (relative, expected) => {
    expect(fileInside(root, relative)).toBe(join(root, expected));
  });

  it.each([
    ['', 'empty'],
    ['..', 'parent'],
    ['../package.json', 'parent segment'],
    ['assets/../../package.json', 'parent segment further down'],
    ['assets/..', 'trailing parent'],
    ['.env', 'dotfile'],
    ['assets/.vite/manifest.json', 'dot folder'],
    ['assets//x.js', 'empty segment'],
    ['/etc/passwd', 'absolute path'],
    ['assets\\..\\..\\package.json', 'backslashes'],
    ['assets/a\0.js', 'NUL byte'],
    ['assets/%2e%2e/x.js', 'a percent escape (URLs arrive decoded)'],
    ['assets/a b.js', 'a space'],
    ['a/b/c/d/e.js', 'too deep'],
    [`${'a'.repeat(201)}.js`, 'too long'],
  ])('refuses %j (%s)', (relative) => {
    expect(fileInside(root, relative)).toBeUndefined();
  });
});

describe('preferredEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip;q=0.5', 'gzip'],
    ['BR', 'br'],
    ['identity', undefined],
    ['gzip;q=0', undefined],
    ['gzip;q=abc', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('Accept-Encoding %j answers %s', (header, expected) => {
    expect(preferredEncoding(header)).toBe(expected);
  });
});
