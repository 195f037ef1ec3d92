import { describe, expect, it } from 'vitest';
import {
  directoryUri,
  isAbsoluteUri,
  pathToUriReference,
  toAbsoluteUri,
  uriReferenceToPath,
} from './sarif-uri.js';

describe('pathToUriReference', () => {
  const cases: readonly [string, string][] = [
    ['src/app.ts', 'src/app.ts'],
    ['src/my file.ts', 'src/my%20file.ts'],
    ['100%/a#b?.ts', '100%25/a%23b%3F.ts'],
    ['café/漢字.ts', 'caf%C3%A9/%E6%BC%A2%E5%AD%97.ts'],
    ['c:/x (1)!.ts', 'c%3A/x%20%281%29%21.ts'],
  ];
  for (const [path, uri] of cases) {
    it(`encodes ${JSON.stringify(path)} keeping the slashes and decodes it back`, () => {
      expect(pathToUriReference(path)).toBe(uri);
      expect(uriReferenceToPath(uri)).toBe(path);
    });
  }

  it('leaves a malformed escape as it is when decoding', () => {
    expect(uriReferenceToPath('a%zz/b')).toBe('a%zz/b');
  });
});

describe('directoryUri', () => {
  it('turns an absolute path into a file URI with a trailing slash', () => {
    expect(directoryUri('/home/dev/my app')).toBe('file:///home/dev/my%20app/');
  });

  it('keeps a file URI and adds the trailing slash', () => {
    expect(directoryUri('file:///srv/repo')).toBe('file:///srv/repo/');
    expect(directoryUri('file:///srv/repo/')).toBe('file:///srv/repo/');
  });
});

describe('isAbsoluteUri and toAbsoluteUri', () => {
  it('accepts only URIs with a scheme and RFC 3986 characters', () => {
    expect(isAbsoluteUri('https://cwe.mitre.org/data/definitions/79.html')).toBe(true);
    expect(isAbsoluteUri('/docs/rule')).toBe(false);
    expect(isAbsoluteUri('https://x.dev/a b')).toBe(false);
    expect(isAbsoluteUri('https://x.dev/100%')).toBe(false);
  });

  it('normalises a URL that only needs escaping, and gives up on what is not a URL', () => {
    expect(toAbsoluteUri('https://x.dev/a b')).toBe('https://x.dev/a%20b');
    expect(toAbsoluteUri('see the advisory')).toBeUndefined();
  });
});
