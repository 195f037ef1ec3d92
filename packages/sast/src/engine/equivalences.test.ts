import { describe, expect, it } from 'vitest';
import { analyseFile } from '../analyse-file.js';
import { loadRules } from '../rules/load-rules.js';

/** The texts a one-rule file (`rules:` body without the list) matches in `code`. */
function matches(rule: string, code: string, language = 'javascript'): string[] {
  const lang =
    language === 'python' ? 'python' : language === 'typescript' ? 'typescript' : 'javascript';
  const yaml = `rules:\n  - id: r\n    message: m\n    severity: ERROR\n    languages: [${lang}]\n${rule}`;
  const { rules, issues } = loadRules(yaml, 'r.yaml');
  expect(issues).toEqual([]);
  const result = analyseFile(code, language, rules);
  expect(result.unsupported).toEqual([]);
  return result.matches.map((m) => code.slice(m.match.start, m.match.end));
}

describe('string literals in patterns', () => {
  it('are found at any position of an argument list or array', () => {
    const code = ['h("a", "b");', 'h("b");', "algs(['RS256', 'none', 'HS256']);"].join('\n');
    expect(matches('    pattern: h(..., "b", ...)\n', code)).toEqual(['h("a", "b")', 'h("b")']);
    expect(matches('    pattern: algs([..., "none", ...])\n', code)).toHaveLength(1);
  });

  const code = [
    "run('ls');",
    'run("pwd");',
    'run(`date`);',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
    'run(`a ${b}`);',
    'run(cmd);',
    "run('SELECT 1');",
  ].join('\n');

  it('"..." matches any string literal, never a variable or an interpolated template', () => {
    expect(matches('    pattern: run("...")\n', code)).toEqual([
      "run('ls')",
      'run("pwd")',
      'run(`date`)',
      "run('SELECT 1')",
    ]);
  });

  it('a quoted pattern string matches either quote, and "=~/re/" matches by regex', () => {
    expect(matches('    pattern: run("ls")\n', code)).toEqual(["run('ls')"]);
    expect(matches('    pattern: run("=~/^select/i")\n', code)).toEqual(["run('SELECT 1')"]);
  });

  it('works in Python, where f-strings with fields are not plain strings', () => {
    const py = ['run("ls")', 'run(f"ls {x}")', "run('pwd')", 'run(x)'].join('\n');
    expect(matches('    pattern: run("...")\n', py, 'python')).toEqual(['run("ls")', "run('pwd')"]);
  });
});

describe('deep expressions', () => {
  it('<... P ...> matches a node that is or contains a match of P', () => {
    const code = ['eval(req.query.x);', 'eval(wrap(1, req.query.y + 2));', 'eval(other);'].join(
      '\n',
    );
    expect(matches('    pattern: eval(<... req.query ...>)\n', code)).toEqual([
      'eval(req.query.x)',
      'eval(wrap(1, req.query.y + 2))',
    ]);
  });

  it('binds metavariables of the inner pattern and unifies them', () => {
    const code = ['f(a, g(a));', 'f(a, g(b));'].join('\n');
    expect(matches('    pattern: f($X, <... $X ...>)\n', code)).toEqual(['f(a, g(a))']);
  });
});

describe('import and require aliases', () => {
  const rule = '    pattern: child_process.exec($CMD)\n';

  it('follows require, destructuring, node: specifiers and inline require', () => {
    const code = [
      "const cp = require('node:child_process');",
      "const { exec, execSync: sync } = require('child_process');",
      'cp.exec(a);',
      'exec(b);',
      'sync(c);',
      "require('child_process').exec(d);",
      'other.exec(e);',
    ].join('\n');
    expect(matches(rule, code)).toEqual([
      'cp.exec(a)',
      'exec(b)',
      "require('child_process').exec(d)",
    ]);
  });

  it('follows ES imports: namespace, default and renamed named imports', () => {
    const code = [
      "import * as child from 'child_process';",
      "import cp from 'child_process';",
      "import { exec as run } from 'child_process';",
      'child.exec(a);',
      'cp.exec(b);',
      'run(c);',
      'exec(d);',
    ].join('\n');
    expect(matches(rule, code)).toEqual(['child.exec(a)', 'cp.exec(b)', 'run(c)']);
  });

  it('follows Python import aliases and from-imports', () => {
    const code = [
      'import subprocess as sp',
      'from subprocess import call as c, Popen',
      'from os import path',
      'sp.call(a)',
      'c(b)',
      'Popen(x)',
      'path.join(d, e)',
      'call(f)',
    ].join('\n');
    expect(matches('    pattern: subprocess.call($X)\n', code, 'python')).toEqual([
      'sp.call(a)',
      'c(b)',
    ]);
    expect(matches('    pattern: os.path.join(...)\n', code, 'python')).toEqual([
      'path.join(d, e)',
    ]);
  });

  it('does not alias a module the file never imports', () => {
    expect(matches(rule, 'const cp = require("other");\ncp.exec(a);')).toEqual([]);
  });
});

describe('syntactic equivalences', () => {
  it('a.b(...) also matches a["b"](...) and a[\'b\'](...)', () => {
    const code = [
      "el['setAttribute']('x', v);",
      'el["setAttribute"](y, v);',
      'el.setAttribute(z, v);',
    ].join('\n');
    expect(matches('    pattern: $E.setAttribute($A, $V)\n', code)).toHaveLength(3);
  });

  it('ignores redundant parentheses around arguments and assigned values', () => {
    const code = ['exec(("ls " + dir));', 'const x = (a + b);', 'exec("ls " + dir);'].join('\n');
    expect(matches('    pattern: exec("..." + $X)\n', code)).toEqual([
      'exec(("ls " + dir))',
      'exec("ls " + dir)',
    ]);
    expect(matches('    pattern: const $V = $A + $B;\n', code)).toHaveLength(1);
  });
});

describe('files that do not parse', () => {
  it('are reported with the line of the first error and not analysed', () => {
    const result = analyseFile('const ok = 1;\nfunction (;\n', 'javascript', []);
    expect(result.parseProblem?.line).toBe(2);
    expect(result.matches).toEqual([]);
  });

  it('are analysed around a small syntax error, which is still reported', () => {
    const code = [
      ...Array.from({ length: 30 }, (_, i) => `const v${i} = compute(${i});`),
      "export type * from './types.js';",
      'eval(input);',
    ].join('\n');
    const { rules } = loadRules(
      'rules:\n  - id: r\n    message: m\n    severity: ERROR\n    languages: [ts]\n    pattern: eval(...)\n',
      'r.yaml',
    );
    const result = analyseFile(code, 'typescript', rules);
    expect(result.parseProblem).toBeUndefined();
    expect(result.partialParse?.line).toBe(31);
    expect(result.matches).toHaveLength(1);
  });
});

describe('conjunctions', () => {
  it('apply a metavariable-regex to what a later pattern-inside binds', () => {
    const rule = `    patterns:
      - metavariable-regex:
          metavariable: $ROUTE
          regex: ^(get|post)$
      - pattern-inside: |
          app.$ROUTE($P, ($REQ, $RES) => { ... })
      - pattern: eval(...)
`;
    const code = [
      'app.get("/", (req, res) => { eval(a); });',
      'app.use("/", (req, res) => { eval(b); });',
    ].join('\n');
    expect(matches(rule, code)).toEqual(['eval(a)']);
  });

  it('skip a file that lacks a word the rule needs, but not one that has it', () => {
    const rule = `    patterns:
      - pattern: $F($X)
      - metavariable-regex:
          metavariable: $F
          regex: ^(createHash|createHmac)$
`;
    expect(matches(rule, 'hash(x);')).toEqual([]);
    expect(matches(rule, 'createHmac(x);')).toEqual(['createHmac(x)']);
  });
});

describe('what the engine refuses', () => {
  it('a metavariable-pattern in another language is named, never run as this one', () => {
    const yaml = `rules:\n  - id: r\n    message: m\n    severity: ERROR\n    languages: [javascript]\n    patterns:\n      - pattern: db.query($Q)\n      - metavariable-pattern:\n          metavariable: $Q\n          language: sql\n          pattern: DROP TABLE $T\n`;
    const { rules, issues } = loadRules(yaml, 'r.yaml');
    expect(rules).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({
        ruleId: 'r',
        field: 'metavariable-pattern.language',
        at: { file: 'r.yaml', line: 9 },
      }),
    ]);
  });
});

describe('Semgrep forms ast-grep reads differently', () => {
  it('tries every position for a tested metavariable after an ellipsis', () => {
    const rule = `    patterns:
      - pattern: "f({..., $K: $V, ...})"
      - metavariable-regex:
          metavariable: $K
          regex: ^(password|secret)$
`;
    const code = ['f({ user: u, password: p });', 'f({ user: u, name: n });'].join('\n');
    expect(matches(rule, code)).toEqual(['f({ user: u, password: p })']);
    const anyString = '    pattern: g(..., "...", ...)\n';
    expect(matches(anyString, 'g(a, b, "c");\ng(a, b);')).toEqual(['g(a, b, "c")']);
  });

  it('reads a pattern of braces with entries as an object literal', () => {
    const code = 'const cfg = { user: "u", password: pw };\nif (x) { run(); }';
    expect(matches('    pattern: "{..., password: $V, ...}"\n', code)).toEqual([
      '{ user: "u", password: pw }',
    ]);
  });

  it('keeps ...$X as a spread, and accepts Python inline regex flags', () => {
    expect(
      matches('    pattern: g({...$OPTS, ...})\n', 'g({ ...opts, a: 1 });\ng({ a: 1 });'),
    ).toEqual(['g({ ...opts, a: 1 })']);
    const rule = `    patterns:
      - pattern: $F(...)
      - metavariable-regex:
          metavariable: $F
          regex: (?i)^md5$
`;
    expect(matches(rule, 'MD5(x);\nsha(y);')).toEqual(['MD5(x)']);
  });
});

describe('JavaScript forms Semgrep treats as the same', () => {
  it('function and arrow patterns match their async forms', () => {
    const code = [
      'app.get("/", async function (req, res) { run(req); });',
      'app.get("/", async (req, res) => { run(req); });',
      'app.get("/", function (req, res) { run(req); });',
    ].join('\n');
    expect(matches('    pattern: app.get($P, function ($REQ, $RES) { ... })\n', code)).toHaveLength(
      2,
    );
    expect(matches('    pattern: app.get($P, ($REQ, $RES) => { ... })\n', code)).toHaveLength(1);
  });

  it('a TypeScript parameter binds as its name, without its type', () => {
    const rule = `    patterns:
      - pattern-inside: |
          ($REQ, $RES) => { ... }
      - pattern: $REQ.query
`;
    const code = 'app.get("/", (req: Request, res: Response) => { use(req.query); });';
    expect(matches(rule, code, 'typescript')).toEqual(['req.query']);
  });
});

describe('statement sequences', () => {
  it('match statements in order with anything between, reported from first to last', () => {
    const rule = `    pattern: |
      const $X = req.query.id;
      ...
      db.query($X);
`;
    const code = [
      'function h(req) {',
      '  init();',
      '  const id = req.query.id;',
      '  log(id);',
      '  db.query(id);',
      '  done();',
      '}',
      'function g(req) { db.query(id); const id = req.query.id; }',
    ].join('\n');
    expect(matches(rule, code)).toEqual(['const id = req.query.id;\n  log(id);\n  db.query(id);']);
  });

  it('work in Python blocks', () => {
    const rule = `    pattern: |
      $F = open($P)
      ...
      $F.write($D)
`;
    const code = [
      'def save(p, d):',
      '    fh = open(p)',
      '    check()',
      '    fh.write(d)',
      '    fh.close()',
    ].join('\n');
    expect(matches(rule, code, 'python')).toEqual(['fh = open(p)\n    check()\n    fh.write(d)']);
  });
});
