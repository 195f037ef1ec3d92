import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeDraft } from '../test-support/findings.js';
import type { FindingDraft } from './finding.js';
import {
  assignFingerprints,
  codeFingerprint,
  createLineReader,
  packageFingerprint,
  secretFingerprint,
  urlFingerprint,
  urlPathTemplate,
} from './fingerprint.js';

/** A toy scanner: one finding per line containing `eval(`, at that line. */
function scanEval(text: string, path = 'app.js'): FindingDraft[] {
  return text.split('\n').flatMap((line, i) => {
    const col = line.indexOf('eval(');
    if (col < 0) return [];
    return [
      codeDraft({
        ruleId: 'js.eval',
        location: {
          kind: 'code',
          path,
          region: {
            startLine: i + 1,
            startColumn: col + 1,
            endLine: i + 1,
            endColumn: line.length + 1,
          },
        },
      }),
    ];
  });
}

async function fingerprints(text: string, path = 'app.js'): Promise<string[]> {
  const drafts = scanEval(text, path);
  return (
    await assignFingerprints(
      drafts,
      createLineReader(async () => text),
    )
  ).map((f) => f.fingerprint);
}

const original = ['function f(x) {', '  return eval(x);', '}', ''].join('\n');

describe('code fingerprints', () => {
  it('survive lines added above the finding', async () => {
    const moved = ['// a new header', 'import y from "y";', '', original].join('\n');
    expect(await fingerprints(moved)).toEqual(await fingerprints(original));
  });

  it('survive re-indenting the file', async () => {
    const reindented = original
      .replace(/^ {2}/gm, '\t\t')
      .replace('return eval(x)', 'return   eval(x)');
    expect(await fingerprints(reindented)).toEqual(await fingerprints(original));
  });

  it('change when the matched code changes', async () => {
    const changed = original.replace('eval(x)', 'eval(userInput)');
    expect(await fingerprints(changed)).not.toEqual(await fingerprints(original));
  });

  it('differ for two identical matches in one file, and keep their order', async () => {
    const twice = ['eval(x)', 'other()', 'eval(x)'].join('\n');
    const [first, second] = await fingerprints(twice);
    expect(first).not.toBe(second);
    // Adding a third identical match at the end leaves the first two as they were.
    const thrice = `${twice}\neval(x)`;
    expect((await fingerprints(thrice)).slice(0, 2)).toEqual([first, second]);
  });

  it('differ between files and between rules', async () => {
    expect(await fingerprints(original, 'a.js')).not.toEqual(await fingerprints(original, 'b.js'));
    expect(codeFingerprint('r1', 'a.js', 'x', 0)).not.toBe(codeFingerprint('r2', 'a.js', 'x', 0));
  });

  it('fall back to the snippet when the file cannot be read', async () => {
    const draft = scanEval(original)[0] as FindingDraft;
    if (draft.location.kind !== 'code') throw new Error('expected a code finding');
    const withSnippet = { ...draft, location: { ...draft.location, snippet: 'return eval(x);' } };
    const [a] = await assignFingerprints(
      [withSnippet],
      createLineReader(async () => undefined),
    );
    const [b] = await assignFingerprints(
      [withSnippet],
      createLineReader(async () => original),
    );
    expect(a?.fingerprint).toBe(b?.fingerprint);
  });

  it('are stable under any lines inserted above (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string().filter((s) => !s.includes('\n') && !s.includes('eval(')),
          { maxLength: 20 },
        ),
        async (header) => {
          const text = [...header, original].join('\n');
          expect(await fingerprints(text)).toEqual(await fingerprints(original));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keep a fingerprint a scanner already set', async () => {
    const [f] = await assignFingerprints(
      [codeDraft({ fingerprint: 'given' })],
      createLineReader(async () => ''),
    );
    expect(f?.fingerprint).toBe('given');
  });
});

describe('other fingerprints', () => {
  it('secret fingerprints depend on the secret hash, not its line', async () => {
    const hash = 'a'.repeat(64);
    const at = (line: number) =>
      codeDraft({
        scanner: 'secrets',
        secret: { hash, preview: 'AKIA****' },
        location: {
          kind: 'code',
          path: '.env',
          region: { startLine: line, startColumn: 1, endLine: line, endColumn: 5 },
        },
      });
    const [a, b] = await assignFingerprints(
      [at(1), at(40)],
      createLineReader(async () => ''),
    );
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(a?.fingerprint).toBe(secretFingerprint('test.rule', '.env', hash));
    expect(secretFingerprint('test.rule', '.env', 'b'.repeat(64))).not.toBe(a?.fingerprint);
  });

  it('package fingerprints ignore the installed version so an upgrade that stays vulnerable is the same finding', () => {
    expect(packageFingerprint('GHSA-1', 'npm', 'lodash', 'package-lock.json')).toBe(
      packageFingerprint('GHSA-1', 'npm', 'lodash', 'package-lock.json'),
    );
    expect(packageFingerprint('GHSA-1', 'npm', 'lodash', 'a/package-lock.json')).not.toBe(
      packageFingerprint('GHSA-1', 'npm', 'lodash', 'package-lock.json'),
    );
  });

  it('url fingerprints use the path template, method and parameter', () => {
    expect(
      urlPathTemplate('https://x.test/users/42/orders/123e4567-e89b-12d3-a456-426614174000?q=1'),
    ).toBe('/users/{id}/orders/{id}');
    expect(urlFingerprint('xss', 'get', 'https://x.test/users/1', 'q')).toBe(
      urlFingerprint('xss', 'GET', 'https://x.test/users/2?z=9', 'q'),
    );
    expect(urlFingerprint('xss', 'GET', 'https://x.test/users/1', 'q')).not.toBe(
      urlFingerprint('xss', 'GET', 'https://x.test/users/1', 'p'),
    );
  });

  it('cannot collide by moving text between fields', () => {
    expect(codeFingerprint('ab', 'c', 'x', 0)).not.toBe(codeFingerprint('a', 'bc', 'x', 0));
  });
});
