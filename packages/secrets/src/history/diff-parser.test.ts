import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AddedLines, COMMIT_MARK, createDiffParser } from './diff-parser.js';

function parse(lines: readonly string[]): AddedLines[] {
  const out: AddedLines[] = [];
  const parser = createDiffParser((a) => out.push(a));
  for (const l of lines) parser.line(l);
  parser.end();
  return out;
}

describe('createDiffParser', () => {
  it('reads commits, files, hunks and added lines with their new line numbers', () => {
    const out = parse([
      `${COMMIT_MARK}abc123\x1fAda Lovelace\x1f2024-01-02T03:04:05+00:00`,
      '',
      'diff --git a/src/a.js b/src/a.js',
      'index 1111111..2222222 100644',
      '--- a/src/a.js',
      '+++ b/src/a.js',
      '@@ -3,0 +4,2 @@ function f() {',
      '+const a = 1;',
      '+++counter;',
      '@@ -10 +12 @@',
      '-old',
      '+new',
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
    ]);
    expect(out).toEqual([
      {
        commit: { commit: 'abc123', author: 'Ada Lovelace', date: '2024-01-02T03:04:05+00:00' },
        path: 'src/a.js',
        lines: [4, 5, 12],
        texts: ['const a = 1;', '++counter;', 'new'],
      },
    ]);
  });

  it('unquotes paths git C-quotes', () => {
    const out = parse([
      'diff --git "a/we ird\\tname.txt" "b/we ird\\tname.txt"',
      '--- /dev/null',
      '+++ "b/we ird\\tname.txt"',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git a/caf\\303\\251.txt b/caf\\303\\251.txt',
      '--- /dev/null',
      '+++ "b/caf\\303\\251.txt"',
      '@@ -0,0 +1 @@',
      '+y',
    ]);
    expect(out.map((a) => a.path)).toEqual(['we ird\tname.txt', 'café.txt']);
  });

  it('skips binary files and staged diffs carry no commit', () => {
    const out = parse([
      'diff --git a/img.png b/img.png',
      'Binary files a/img.png and b/img.png differ',
      'diff --git a/.env b/.env',
      '--- a/.env',
      '+++ b/.env',
      '@@ -1 +1,2 @@',
      ' KEEP=1',
      '+NEW=2',
    ]);
    expect(out).toEqual([{ commit: undefined, path: '.env', lines: [2], texts: ['NEW=2'] }]);
  });

  it('never throws on arbitrary input (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom('+++ b/x', '@@ -1 +1 @@', 'diff --git a/x b/x', '+a', COMMIT_MARK),
          ),
        ),
        (lines) => {
          parse(lines);
        },
      ),
    );
  });
});
