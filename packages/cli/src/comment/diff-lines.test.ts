import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addedLines } from './diff-lines.js';

const sorted = (lines: Set<number>) => [...lines].sort((a, b) => a - b);

describe('addedLines', () => {
  it('reads the added lines of a GitHub `patch` with two hunks', () => {
    // As GitHub's pull request files API gives it: hunks only, no file header.
    const patch = [
      '@@ -1,4 +1,5 @@ import express from "express";',
      ' const app = express();',
      '-app.get("/", (req, res) => res.send("hi"));',
      '+app.get("/", (req, res) => res.send(req.query.q));',
      '+app.disable("x-powered-by");',
      ' ',
      ' export default app;',
      '@@ -20,3 +21,4 @@ function run() {',
      '   start();',
      '+  eval(input);',
      '   stop();',
      ' }',
    ].join('\n');
    expect(sorted(addedLines(patch))).toEqual([2, 3, 22]);
  });

  it('does not take the `+++ b/file` header of a full git diff for an added line', () => {
    const diff = [
      'diff --git a/src/db.py b/src/db.py',
      'index 3b18e51..a9c2f0d 100644',
      '--- a/src/db.py',
      '+++ b/src/db.py',
      '@@ -10,2 +10,3 @@ def find(name):',
      '     conn = connect()',
      '+    conn.execute("SELECT * FROM t WHERE n = \'%s\'" % name)',
      '     return conn',
      '',
    ].join('\n');
    expect(sorted(addedLines(diff))).toEqual([11]);
  });

  it('reads a new file, a one-line hunk without counts, and "no newline at end of file"', () => {
    expect(sorted(addedLines('@@ -0,0 +1,3 @@\n+a\n+b\n+c\n\\ No newline at end of file'))).toEqual(
      [1, 2, 3],
    );
    expect(sorted(addedLines('@@ -7 +7 @@\n-old\n+new'))).toEqual([7]);
  });

  it('reads CRLF patches and context lines whose leading space was dropped', () => {
    expect(sorted(addedLines('@@ -1,3 +1,4 @@\r\n a\r\n\r\n+b\r\n c\r\n'))).toEqual([3]);
  });

  it('gives nothing for a deleted file, an empty patch or text that is not a diff', () => {
    expect(addedLines('@@ -1,2 +0,0 @@\n-a\n-b').size).toBe(0);
    expect(addedLines('').size).toBe(0);
    expect(addedLines('Binary files a/logo.png and b/logo.png differ').size).toBe(0);
  });

  it('keeps what a truncated or malformed patch does describe, and never reads past a hunk', () => {
    // The hunk promises five new lines but the text stops after two.
    expect(sorted(addedLines('@@ -1,3 +1,5 @@\n a\n+b'))).toEqual([2]);
    // A malformed header is skipped; the next good hunk is read.
    expect(sorted(addedLines('@@ -x +y @@\n+nope\n@@ -5,1 +5,2 @@\n ctx\n+yes'))).toEqual([6]);
    // After its counts are used up, a `+` line is outside any hunk.
    expect(sorted(addedLines('@@ -1,1 +1,2 @@\n a\n+b\n+outside'))).toEqual([2]);
  });

  it('matches the lines of edit scripts turned into hunks (property)', () => {
    type Op = 'keep' | 'add' | 'del';
    const op = fc.constantFrom<Op>('keep', 'add', 'del');
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 5, maxLength: 5 }),
        fc.string(),
        (hunks, gaps, noise) => {
          const out: string[] = [`diff --git a/f b/f\n--- a/f\n+++ b/f`];
          const expected: number[] = [];
          let oldLine = 1;
          let newLine = 1;
          hunks.forEach((ops, h) => {
            // Unchanged lines between hunks, not shown.
            oldLine += gaps[h] ?? 0;
            newLine += gaps[h] ?? 0;
            const oldCount = ops.filter((o) => o !== 'add').length;
            const newCount = ops.filter((o) => o !== 'del').length;
            out.push(
              `@@ -${oldLine},${oldCount} +${newLine},${newCount} @@ ${noise.replace(/\n/g, ' ')}`,
            );
            for (const o of ops) {
              if (o === 'keep') {
                out.push(` ctx ${oldLine}`);
                oldLine++;
                newLine++;
              } else if (o === 'del') {
                out.push(`-gone ${oldLine}`);
                oldLine++;
              } else {
                out.push(`+new ${newLine}`);
                expected.push(newLine);
                newLine++;
              }
            }
          });
          expect(sorted(addedLines(out.join('\n')))).toEqual(expected);
        },
      ),
    );
  });

  it('never throws and gives only positive whole line numbers for any text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('@', ' ', '-', '+', ',', '\n', '1', '3', 'x', '\\') }),
        (text) => {
          for (const line of addedLines(text))
            expect(Number.isInteger(line) && line >= 1).toBe(true);
        },
      ),
    );
  });
});
