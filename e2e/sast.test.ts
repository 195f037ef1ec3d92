import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRampart } from './support/run-cli.js';

let dir: string;

const RULES = `rules:
  - id: exec-from-request
    message: request data $X reaches child_process.exec
    severity: ERROR
    languages: [javascript, typescript]
    metadata:
      cwe: ["CWE-78: OS Command Injection"]
      owasp: ["A03:2021 - Injection"]
      confidence: HIGH
    patterns:
      - pattern: cp.exec($X)
      - metavariable-regex:
          metavariable: $X
          regex: req\\.
  - id: shell-true
    message: subprocess with shell=True
    severity: WARNING
    languages: [python]
    pattern: subprocess.run(..., shell=True, ...)
  - id: needs-taint
    mode: taint
    message: m
    severity: INFO
    languages: [js]
    pattern-sources: [{ pattern: req.query }]
    pattern-sinks: [{ pattern: eval($X) }]
  - id: uses-options
    message: m
    severity: INFO
    languages: [js]
    options: { symbolic_propagation: true }
    pattern: eval($X)
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-sast-'));
  mkdirSync(join(dir, 'rules'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'rules', 'rules.yaml'), RULES);
  // Only the rules given here: the built-in ones have their own tests.
  writeFileSync(join(dir, 'rampart.yml'), 'version: 1\nsast:\n  builtInRules: false\n');
  writeFileSync(
    join(dir, 'src', 'app.js'),
    [
      "const cp = require('child_process');",
      "app.get('/', (req, res) => {",
      '  cp.exec(req.query.cmd);',
      "  cp.exec('ls');",
      '  const code = req.query.code;',
      '  eval(code);',
      '});',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'src', 'tool.py'),
    'import subprocess\nsubprocess.run(cmd, shell=True)\n',
  );
  writeFileSync(join(dir, 'src', 'broken.js'), 'function ok() {}\nfunction (;\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rampart(args: string[]) {
  return runRampart(dir, args);
}

interface Report {
  findings: {
    ruleId: string;
    severity: string;
    message: string;
    cwe: string[];
    owasp?: string;
    tags: string[];
    location: { path: string; region: { startLine: number; startColumn: number } };
  }[];
}

/** `rampart scan ARGS --scanners sast --format json --fail-on never` in `cwd`: the report. */
function scanJson(cwd: string, args: string[]): Report {
  const { status, stdout, stderr } = runRampart(cwd, [
    'scan',
    ...args,
    '--scanners',
    'sast',
    '--format',
    'json',
    '--fail-on',
    'never',
  ]);
  expect(status, stderr).toBe(0);
  return JSON.parse(stdout) as Report;
}

describe('rampart scan with the sast scanner', () => {
  it('runs Semgrep-syntax rules from --rules over JS and Python, with locations and taxonomy', () => {
    const { status, stdout, stderr } = rampart([
      'scan',
      'src',
      '--scanners',
      'sast',
      '--rules',
      'rules',
      '--format',
      'json',
    ]);
    expect(status).toBe(1); // the ERROR rule fails the default gate (high)
    const report = JSON.parse(stdout) as Report;
    expect(
      report.findings.map((f) => [f.ruleId, f.location.path, f.location.region.startLine]),
    ).toEqual([
      ['exec-from-request', 'app.js', 3],
      ['shell-true', 'tool.py', 2],
      ['needs-taint', 'app.js', 6],
    ]);
    const exec = report.findings[0];
    expect(exec).toMatchObject({
      severity: 'high',
      message: 'request data req.query.cmd reaches child_process.exec',
      cwe: ['CWE-78'],
      owasp: 'A03:2021',
      location: { region: { startColumn: 3 } },
    });
    expect(report.findings[2]?.message).toBe(
      'm Data flows from `req.query` (line 5) to `eval(code)` (line 6).',
    );
    expect(report.findings[2]?.tags).toContain('taint');
    // Rules the engine cannot run are named, never run wrongly.
    expect(stderr).toMatch(/rule uses-options skipped \(.*rules\.yaml:\d+, options\)/);
    // A file that does not parse is named with its first error, and the rest is scanned.
    expect(stderr).toMatch(
      /broken\.js does not parse as javascript \(first syntax error on line 2\); skipped/,
    );
  });

  it('gives the same findings on worker threads as on the main thread', () => {
    const many = join(dir, 'many');
    mkdirSync(many, { recursive: true });
    for (let i = 0; i < 40; i++) {
      writeFileSync(
        join(many, `route${i}.js`),
        `const cp = require('child_process');\napp.get('/${i}', (req, res) => {\n${'  noop();\n'.repeat(i % 5)}  cp.exec(req.query.c${i});\n});\n`,
      );
    }
    const run = (workers: number) => {
      writeFileSync(
        join(many, 'rampart.yml'),
        `version: 1\nsast:\n  builtInRules: false\n  workers: ${workers}\n`,
      );
      return scanJson(dir, ['many', '--rules', 'rules'])
        .findings.map((f) => `${f.location.path}:${f.location.region.startLine}:${f.ruleId}`)
        .sort();
    };
    const onMain = run(0);
    expect(onMain).toHaveLength(40);
    expect(run(2)).toEqual(onMain);
  });

  it('fails on a rule file of --rules that is not valid YAML, naming the file and line', () => {
    const broken = join(dir, 'broken-rules');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'bad.yaml'), 'rules:\n  - id: x\n    pattern: [unclosed\n');
    const { status, stderr } = rampart([
      'scan',
      'src',
      '--scanners',
      'sast',
      '--rules',
      'broken-rules',
    ]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/bad\.yaml:\d+:\d+: invalid YAML/);
    const missing = rampart(['scan', 'src', '--scanners', 'sast', '--rules', 'no-such-rules']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no-such-rules');
  });

  it('rejects a bad sast section with the file and key', () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'a.js'), 'x();\n');
    writeFileSync(join(bad, 'rampart.yml'), 'version: 1\nsast:\n  workers: lots\n');
    const { status, stderr } = rampart(['scan', 'bad', '--scanners', 'sast']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/rampart\.yml.*sast\.workers/s);
  });
});

describe('the built-in rules', () => {
  it('find the planted bugs of the example apps, with the flow in the message', () => {
    const report = scanJson(fileURLToPath(new URL('../', import.meta.url)), ['examples']);
    const found = report.findings.map(
      (f) => `${f.location.path}:${f.location.region.startLine} ${f.ruleId}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'vulnerable-node-app/src/server.js:14 js-sql-injection-driver',
        'vulnerable-node-app/src/server.js:22 js-code-injection-eval',
        'vulnerable-node-app/src/server.js:27 js-command-injection',
        'vulnerable-node-app/src/server.js:32 js-xss-response',
        'vulnerable-python-app/app.py:16 py-sqli-request-data',
        'vulnerable-python-app/app.py:23 py-command-injection-request-data',
        'vulnerable-python-app/app.py:30 py-deserialization-request-data',
        'vulnerable-python-app/app.py:34 py-flask-debug-enabled',
      ]),
    );
    const sqli = report.findings.find((f) => f.ruleId === 'js-sql-injection-driver');
    expect(sqli?.message).toMatch(/Data flows from `req\.query` \(line 14\) to .* \(line 14\)\.$/);
    expect(sqli).toMatchObject({ cwe: ['CWE-89'], owasp: 'A03:2021', severity: 'high' });
    // The broader audit rules for the same bug on the same line are folded into the flow.
    expect(found.filter((f) => f.startsWith('vulnerable-python-app/app.py:16 '))).toHaveLength(1);
  });
});

describe('rampart rules test', () => {
  it('passes rules whose annotated lines match, fails and names the lines otherwise', () => {
    const t = join(dir, 'rule-tests');
    mkdirSync(t, { recursive: true });
    writeFileSync(
      join(t, 'exec.yaml'),
      'rules:\n  - id: exec\n    message: m\n    severity: ERROR\n    languages: [js]\n    pattern: cp.exec($X)\n',
    );
    writeFileSync(
      join(t, 'exec.js'),
      '// ruleid: exec\ncp.exec(a);\n// ok: exec\ncp.execFile(b);\n// todoruleid: exec\nrun(c);\n',
    );
    writeFileSync(
      join(t, 'eval.yaml'),
      'rules:\n  - id: no-eval\n    message: m\n    severity: ERROR\n    languages: [python]\n    pattern: eval(...)\n',
    );
    writeFileSync(join(t, 'eval.py'), '# ruleid: no-eval\nexec(x)\n# ok: no-eval\neval(y)\n');
    const { status, stdout } = rampart(['rules', 'test', 'rule-tests']);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^pass\s+exec\s+exec\.js\s+\(todo lines 6\)$/m);
    expect(stdout).toMatch(
      /^FAIL\s+no-eval\s+eval\.py\s+missed lines 2\s+unexpected matches on lines 4$/m,
    );
    expect(stdout).toContain('1 passed, 1 failed');
  });

  it('is a usage error on a missing folder', () => {
    expect(rampart(['rules', 'test', 'nope']).status).toBe(2);
  });
});
