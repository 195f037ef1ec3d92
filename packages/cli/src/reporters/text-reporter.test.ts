import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Finding, redactSecret, secretInfo } from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finding, packageFinding, reportOf, urlFinding } from './test-findings.js';
import { renderText } from './text-reporter.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rampart-text-'));
  mkdirSync(join(root, 'src'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const APP = [
  "const express = require('express');",
  'const app = express();',
  '',
  "app.get('/calc', (req, res) => {",
  '  res.send(String(eval(req.query.expr)));',
  '});',
  '',
  'app.listen(3000);',
  '',
].join('\n');

function evalFinding(overrides: Partial<Finding> = {}): Finding {
  return finding({
    location: {
      kind: 'code',
      path: 'src/app.js',
      region: { startLine: 5, startColumn: 19, endLine: 5, endColumn: 39 },
      snippet: '  res.send(String(eval(req.query.expr)));',
    },
    ...overrides,
  });
}

describe('text reporter', () => {
  it('prints a finding like ESLint and Vitest: file heading, position, code frame, fix, taxonomy', () => {
    writeFileSync(join(root, 'src', 'app.js'), APP);
    const report = reportOf([evalFinding()]);
    expect(renderText(report, { color: false, rootDir: root })).toBe(
      [
        'src/app.js',
        '  5:19  HIGH      Eval of input  js.eval  ✖ fails gate',
        '    eval() of request input',
        '    at src/app.js:5:19',
        '    3 │',
        "    4 │ app.get('/calc', (req, res) => {",
        '  > 5 │   res.send(String(eval(req.query.expr)));',
        '      │                   ^^^^^^^^^^^^^^^^^^^^',
        '    6 │ });',
        '    7 │',
        '    fix: Do not `eval` input.',
        "    CWE-95 Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection') · OWASP A03:2021 Injection",
        '    see: https://example.com/eval',
        '',
        '1 finding (1 high) · 3 files scanned with sast in 2.3s',
        '✖ gate failed: 1 finding at or above high (1 high)',
        '',
      ].join('\n'),
    );
  });

  it('groups code by file (in line order), packages by manifest and URLs by host', () => {
    const at = (path: string, line: number) =>
      finding({
        severity: 'medium',
        location: {
          kind: 'code',
          path,
          region: { startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
        },
      });
    const report = reportOf([
      at('src/b.js', 9),
      at('src/b.js', 2),
      at('src/a.js', 5),
      packageFinding({ severity: 'critical' }),
      urlFinding(),
    ]);
    const text = renderText(report, { color: false });
    const headings = text.split('\n').filter((l) => l !== '' && !l.startsWith(' '));
    expect(headings.slice(0, 4)).toEqual([
      'package-lock.json',
      'src/a.js',
      'src/b.js',
      '127.0.0.1:3000',
    ]);
    expect(text.indexOf('  2:1 ')).toBeLessThan(text.indexOf('  9:1 '));
    expect(text).toContain('  lodash@4.17.15  CRITICAL  Prototype pollution in lodash');
    expect(text).toContain(
      '    at package-lock.json:120 · lodash@4.17.15 (transitive) via app → async-helpers → lodash',
    );
    expect(text).toContain('    fixed in: 4.17.21');
    expect(text).toContain('  GET /account?tab=1  LOW       Missing Content-Security-Policy');
    expect(text).toContain('    evidence: HTTP/1.1 200 OK');
  });

  it('marks every line of a multi-line finding and draws no caret', () => {
    writeFileSync(join(root, 'src', 'app.js'), APP);
    const report = reportOf([
      evalFinding({
        location: {
          kind: 'code',
          path: 'src/app.js',
          region: { startLine: 4, startColumn: 1, endLine: 6, endColumn: 3 },
          snippet: "app.get('/calc', (req, res) => {",
        },
      }),
    ]);
    const text = renderText(report, { color: false, rootDir: root });
    expect(text).toContain("  > 4 │ app.get('/calc', (req, res) => {");
    expect(text).toContain('  > 5 │   res.send(String(eval(req.query.expr)));');
    expect(text).toContain('  > 6 │ });');
    expect(text).not.toContain('^');
  });

  it('shows only the redacted snippet of a secret and no other line of its file', () => {
    const token = ['ghp', 'Qw3'.repeat(12)].join('_');
    writeFileSync(join(root, '.env'), `PORT=3000\nGITHUB_TOKEN=${token}\nDEBUG=1\n`);
    const report = reportOf([
      finding({
        scanner: 'secrets',
        ruleId: 'secrets/github-classic-pat',
        cwe: ['CWE-798'],
        secret: secretInfo(token),
        location: {
          kind: 'code',
          path: '.env',
          region: { startLine: 2, startColumn: 14, endLine: 2, endColumn: 54 },
          snippet: `GITHUB_TOKEN=${redactSecret(token)}`,
        },
      }),
    ]);
    const text = renderText(report, { color: false, rootDir: root });
    expect(text).toContain(`  > 2 │ GITHUB_TOKEN=${redactSecret(token)}\n`);
    expect(text).not.toContain(token);
    expect(text).not.toContain('PORT=3000');
    expect(text).not.toContain('DEBUG=1');
  });

  it('shows the snippet, not the file, when the file no longer matches or the snippet was masked', () => {
    // Built here, so the repository's own secret scan does not find it.
    const password = ['hunter2', 'prod'].join('-');
    writeFileSync(
      join(root, 'src', 'db.js'),
      `const host = 'db';\nconst password = '${password}';\nconnect(host, password);\n`,
    );
    const masked = finding({
      ruleId: 'js-hardcoded-password',
      cwe: ['CWE-259'],
      location: {
        kind: 'code',
        path: 'src/db.js',
        region: { startLine: 2, startColumn: 18, endLine: 2, endColumn: 32 },
        snippet: "const password = 'hunt********';",
      },
    });
    const changed = finding({
      location: {
        kind: 'code',
        path: 'src/db.js',
        region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 8 },
        snippet: 'connect(somethingElse);',
      },
    });
    for (const f of [masked, changed]) {
      const text = renderText(reportOf([f]), { color: false, rootDir: root });
      expect(text).not.toContain(password);
      expect(text).not.toContain("const host = 'db';");
    }
    expect(renderText(reportOf([changed]), { color: false, rootDir: root })).toContain(
      '  > 3 │ connect(somethingElse);',
    );
  });

  it('reads nothing outside the scan root: no `..`, no absolute path, no symbolic link out', () => {
    const outside = mkdtempSync(join(tmpdir(), 'rampart-outside-'));
    try {
      writeFileSync(
        join(outside, 'private.js'),
        'OUTSIDE-LINE-1\nOUTSIDE-LINE-2\nOUTSIDE-LINE-3\n',
      );
      symlinkSync(join(outside, 'private.js'), join(root, 'src', 'link.js'));
      symlinkSync(outside, join(root, 'linked-dir'));
      const at = (path: string) =>
        finding({
          location: {
            kind: 'code',
            path,
            region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 3 },
          },
        });
      const rel = join('..', outside.split('/').pop() ?? '', 'private.js');
      const paths = [rel, join(outside, 'private.js'), 'src/link.js', 'linked-dir/private.js'];
      const text = renderText(reportOf(paths.map(at)), { color: false, rootDir: root });
      expect(text).not.toContain('OUTSIDE-LINE');
      expect(text).toContain('src/link.js:2:1');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('cuts long lines around the column, keeping the caret under the finding', () => {
    const minified = `${'a=1;'.repeat(1000)}eval(x);${'b=2;'.repeat(1000)}`;
    writeFileSync(join(root, 'src', 'app.min.js'), `${minified}\n`);
    const column = 4001;
    const report = reportOf([
      finding({
        location: {
          kind: 'code',
          path: 'src/app.min.js',
          region: { startLine: 1, startColumn: column, endLine: 1, endColumn: column + 7 },
          snippet: minified.slice(0, 300),
        },
      }),
    ]);
    const lines = renderText(report, { color: false, columns: 80, rootDir: root }).split('\n');
    const code = lines.find((l) => l.startsWith('  > 1 │')) ?? '';
    const caret = lines[lines.indexOf(code) + 1] ?? '';
    expect(code.length).toBeLessThanOrEqual(80);
    expect(code).toMatch(/^ {2}> 1 │ ….*a=1;eval\(x\);b=2;.*…$/);
    expect(code.slice(caret.indexOf('^'), caret.lastIndexOf('^') + 1)).toBe('eval(x)');
  });

  it('makes control sequences and bidirectional overrides from the scanned repo visible', () => {
    const hostile = evalFinding({
      title: 'Title \x1b[2J cleared',
      message: 'message \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 and \u202eesrever',
      location: {
        kind: 'code',
        path: 'src/\x1b[31mred.js',
        region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 5 },
        snippet: 'a\x1b[8mhidden\u2066',
      },
    });
    const text = renderText(reportOf([hostile]), { color: false, rootDir: root });
    for (const char of ['\x1b', '\x07', '\u202e', '\u2066']) expect(text).not.toContain(char);
    expect(text).toContain('Title \\x1b[2J cleared');
    expect(text).toContain('src/\\x1b[31mred.js');
    expect(text).toContain('<U+202E>esrever');
    expect(text).toContain('a\\x1b[8mhidden<U+2066>');
  });

  it('uses colours only when asked, with the severity coloured', () => {
    const report = reportOf([evalFinding({ severity: 'critical' })]);
    expect(renderText(report, { color: false })).not.toContain('\x1b[');
    const colored = renderText(report, { color: true });
    expect(colored).toContain('\x1b[41m\x1b[97m\x1b[1mCRITICAL');
    expect(colored).toContain('\x1b[1m\x1b[4msrc/app.js');
  });

  it('links a page per CWE when rampart.yml sets training.url with {cwe}', () => {
    const report = reportOf([evalFinding({ cwe: ['CWE-95', 'CWE-94'] })]);
    const text = renderText(report, {
      color: false,
      trainingUrl: 'https://hub.example.com/training/cwe/{cwe}?from=cli',
    });
    expect(text).toContain('    learn: CWE-95: https://hub.example.com/training/cwe/95?from=cli');
    expect(text).toContain('    learn: CWE-94: https://hub.example.com/training/cwe/94?from=cli');
    expect(renderText(report, { color: false })).not.toContain('learn:');
  });

  it("names the catalog's module for the finding's weakness: a hub link with {module}, else the command", () => {
    const report = reportOf([evalFinding({ cwe: ['CWE-95', 'CWE-94'] })]);
    const training = (cwes: readonly string[]) =>
      cwes.includes('CWE-94')
        ? { id: 'code-injection', title: 'Code injection', minutes: 15 }
        : undefined;
    expect(renderText(report, { color: false, training })).toContain(
      '    learn: Code injection (15 min): rampart learn code-injection',
    );
    expect(
      renderText(report, {
        color: false,
        training,
        trainingUrl: 'https://hub.example.com/training/{module}',
      }),
    ).toContain(
      '    learn: Code injection (15 min): https://hub.example.com/training/code-injection',
    );
    // A finding whose weakness no module teaches links nothing.
    expect(renderText(report, { color: false, training: () => undefined })).not.toContain('learn:');
  });

  it('counts new and existing findings in the summary and tags each one', () => {
    const report = reportOf([
      evalFinding({ novelty: 'new' }),
      evalFinding({ novelty: 'existing', severity: 'critical' }),
    ]);
    const text = renderText(report, { color: false });
    expect(text).toContain(
      '2 findings (1 critical, 1 high) · 1 new, 1 existing · 3 files scanned with sast in 2.3s',
    );
    expect(text).toMatch(/CRITICAL {2}Eval of input {2}js\.eval {2}existing\n/);
    expect(text).toMatch(/HIGH {6}Eval of input {2}js\.eval {2}new {2}✖ fails gate\n/);
    expect(text).toMatch(/1 existing finding\(s\) not counted\n$/);
  });

  it('wraps prose at the terminal width when it is known', () => {
    const long = 'word '.repeat(40).trim();
    const text = renderText(reportOf([evalFinding({ message: long })]), {
      color: false,
      columns: 60,
    });
    const lines = text.split('\n').filter((l) => l.includes('word'));
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('says so when nothing was found, and reports scanner failures before the gate', () => {
    const text = renderText(reportOf([], { scannerErrors: { sast: 'cannot parse a.js' } }), {
      color: false,
    });
    expect(text).toBe(
      [
        'no findings · 3 files scanned with sast in 2.3s',
        'scanner sast failed: cannot parse a.js; its results are incomplete',
        '✔ gate passed: no new finding at or above high',
        '',
      ].join('\n'),
    );
  });
});
