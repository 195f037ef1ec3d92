import { describe, expect, it } from 'vitest';
import { analyseFile, compileRule, findingsOf, scanText } from '../analyse-file.js';
import { loadRules } from '../rules/load-rules.js';

const JS_RULE = `rules:
  - id: sqli
    message: request data reaches $DB.query()
    severity: ERROR
    languages: [javascript, typescript]
    mode: taint
    pattern-sources:
      - pattern: $REQ.query
      - pattern: $REQ.body
    pattern-sinks:
      - patterns:
          - pattern: $DB.query($SQL, ...)
          - focus-metavariable: $SQL
    pattern-sanitizers:
      - pattern: parseInt(...)
      - pattern: $X.escape(...)
`;

/** The 1-based lines where the rule's findings start. */
function lines(yaml: string, code: string, language = 'javascript'): number[] {
  const { rules, issues } = loadRules(yaml, 'r.yaml');
  expect(issues).toEqual([]);
  const result = analyseFile(code, language, rules);
  expect(result.parseProblem).toBeUndefined();
  expect(result.unsupported).toEqual([]);
  return result.matches.map((m) => code.slice(0, m.match.start).split('\n').length);
}

const js = (...body: string[]) =>
  ['app.get("/", (req, res) => {', ...body.map((l) => `  ${l}`), '});'].join('\n');

describe('taint mode on JavaScript', () => {
  it('reports a source reaching a sink directly, at the focused sink', () => {
    expect(lines(JS_RULE, js('db.query("SELECT " + req.query.id);'))).toEqual([2]);
  });

  it('never reports parameterised values or constants', () => {
    const code = js(
      'db.query("SELECT * FROM t WHERE id = ?", [req.query.id]);',
      'const q = "SELECT 1";',
      'db.query(q);',
    );
    expect(lines(JS_RULE, code)).toEqual([]);
  });

  it('follows variables, destructuring, template literals and concatenation', () => {
    const code = js(
      'const { name } = req.body;',
      'const [first] = req.query.list;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
      'let sql = `SELECT * FROM u WHERE n = ${name}`;',
      'db.query(sql);',
      'db.query("SELECT " + first);',
    );
    expect(lines(JS_RULE, code)).toEqual([5, 6]);
  });

  it('follows object properties and array elements', () => {
    const code = js(
      'const filter = { owner: req.query.owner };',
      'db.query(filter.owner);',
      'const parts = [];',
      'parts.push(req.query.a);',
      'db.query(parts.join(" "));',
      'const opts = {};',
      'opts.where = req.body.where;',
      'db.query("SELECT " + opts.where);',
    );
    expect(lines(JS_RULE, code)).toEqual([3, 6, 9]);
  });

  it('stops at sanitizers and at a clean reassignment, but not at one inside a branch', () => {
    const code = js(
      'const id = parseInt(req.query.id, 10);',
      'db.query("SELECT " + id);',
      'db.query("SELECT " + conn.escape(req.query.x));',
      'let a = req.query.a;',
      'a = "constant";',
      'db.query(a);',
      'let b = req.query.b;',
      'if (ok) { b = "constant"; }',
      'db.query(b);',
    );
    expect(lines(JS_RULE, code)).toEqual([10]);
  });

  it('follows return values and parameters of functions of the same file', () => {
    const code = [
      'function where(x) { return "WHERE n = " + x; }',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test
      'const quoted = (v) => `"${v}"`;',
      'function runQuery(conn, text) {',
      '  conn.query(text);',
      '}',
      'function constant(x) { return "SELECT 1"; }',
      'app.post("/", (req, res) => {',
      '  db.query("SELECT * FROM t " + where(req.body.n));',
      '  db.query(quoted(req.query.q));',
      '  runQuery(db, req.query.s);',
      '  db.query(constant(req.query.c));',
      '});',
    ].join('\n');
    expect(lines(JS_RULE, code)).toEqual([4, 8, 9]);
  });

  it('says where the data comes from and where it goes, with lines', () => {
    const code = [
      'function runQuery(conn, text) {',
      '  conn.query(text);',
      '}',
      'app.post("/", (req, res) => {',
      '  const s = req.query.s;',
      '  runQuery(db, s);',
      '});',
    ].join('\n');
    const { rules } = loadRules(JS_RULE, 'r.yaml');
    const result = analyseFile(code, 'javascript', rules);
    const [finding] = findingsOf('app.js', 'javascript', code, result.matches);
    expect(finding?.message).toBe(
      'request data reaches conn.query() Data flows from `req.query` (line 5) via the call on line 6 to `text` (line 2).',
    );
    expect(finding?.tags).toContain('taint');
  });

  it('sees variables of the enclosing function inside callbacks', () => {
    const code = js(
      'const q = req.query.q;',
      'items.forEach((item) => {',
      '  db.query(q + item);',
      '});',
    );
    expect(lines(JS_RULE, code)).toEqual([4]);
  });

  it('applies propagators from the rule', () => {
    const rule = `${JS_RULE}    pattern-propagators:
      - pattern: $TO.write($FROM)
        from: $FROM
        to: $TO
`;
    const code = js('const buf = new Builder();', 'buf.write(req.query.x);', 'db.query(buf);');
    expect(lines(rule, code)).toEqual([4]);
    expect(lines(JS_RULE, code)).toEqual([]);
  });

  it('treats a parameter matched by a source as tainted (NestJS decorators)', () => {
    const rule = `rules:
  - id: nest
    message: m
    severity: ERROR
    languages: [typescript]
    mode: taint
    pattern-sources:
      - patterns:
          - pattern-regex: '@(Query|Body|Param)\\([^)]*\\)\\s*\\w+'
    pattern-sinks:
      - pattern: eval(...)
`;
    const code = [
      'class C {',
      '  find(@Query("q") q: string, other: string) {',
      '    const v = q.trim();',
      '    eval(v);',
      '    eval(other);',
      '  }',
      '}',
    ].join('\n');
    expect(lines(rule, code, 'typescript')).toEqual([4]);
  });
});

const PY_RULE = `rules:
  - id: py-sqli
    message: m
    severity: ERROR
    languages: [python]
    mode: taint
    pattern-sources:
      - pattern: request.args
      - pattern: request.get_json()
    pattern-sinks:
      - patterns:
          - pattern: $C.execute($SQL, ...)
          - focus-metavariable: $SQL
    pattern-sanitizers:
      - pattern: int(...)
`;

describe('taint mode on Python', () => {
  it('follows f-strings, % and format(), tuples, lists, with-as and helpers', () => {
    const code = [
      'def clause(v):',
      '    return "WHERE n = %s" % v',
      '',
      '@app.route("/")',
      'def view():',
      '    name = request.args.get("name")',
      '    a, b = request.args["a"], 1',
      '    cur.execute(f"SELECT * FROM t WHERE n = {name}")',
      '    cur.execute("SELECT {}".format(a))',
      '    parts = []',
      '    parts.append(request.get_json()["x"])',
      '    cur.execute(" ".join(parts))',
      '    cur.execute("SELECT * FROM t " + clause(name))',
      '    cur.execute("SELECT * FROM t WHERE n = %s", (name,))',
      '    cur.execute("SELECT %d" % int(name))',
      '    with open(name) as fh:',
      '        cur.execute(fh.read())',
    ].join('\n');
    expect(lines(PY_RULE, code, 'python')).toEqual([8, 9, 12, 13, 17]);
  });
});

describe('one finding per weakness per line', () => {
  it('keeps the taint flow over the broader pattern rule with the same CWE', () => {
    const yaml = `rules:
  - id: audit-exec
    message: exec of a non-literal
    severity: INFO
    languages: [javascript]
    metadata: { cwe: ["CWE-78"] }
    pattern: exec($X)
  - id: taint-exec
    message: request data reaches exec
    severity: ERROR
    languages: [javascript]
    metadata: { cwe: ["CWE-78"] }
    mode: taint
    pattern-sources: [{ pattern: req.query }]
    pattern-sinks: [{ pattern: exec(...) }]
  - id: other-weakness
    message: eval
    severity: INFO
    languages: [javascript]
    metadata: { cwe: ["CWE-95"] }
    pattern: exec(eval($Y))
`;
    const code = js('exec(req.query.cmd);', 'exec(eval(x));');
    const rules = loadRules(yaml, 'r.yaml').rules.map(compileRule);
    const outcome = scanText('app.js', 'javascript', code, rules, new Set());
    expect(
      outcome.drafts.map((d) => [
        d.ruleId,
        d.location.kind === 'code' && d.location.region?.startLine,
      ]),
    ).toEqual([
      ['taint-exec', 2],
      ['audit-exec', 3],
      ['other-weakness', 3],
    ]);
  });
});

describe('taint corners', () => {
  const SINK_KEY = `rules:
  - id: pp
    message: m
    severity: ERROR
    languages: [javascript]
    mode: taint
    pattern-sources: [{ pattern: req.query }]
    pattern-sinks:
      - patterns:
          - pattern: $O[$K][$P] = $V
          - focus-metavariable: $K
    pattern-sanitizers:
      - pattern: lookup(...)
`;

  it('checks what an assignment target reads, not only what it stores', () => {
    expect(
      lines(SINK_KEY, js('store[req.query.a][name] = 1;', 'store[safe][name] = req.query.v;')),
    ).toEqual([2]);
  });

  it('still follows functions written inside a sanitized call', () => {
    const code = js(
      'lookup(() => { store[req.query.a][n] = 1; });',
      'store[lookup(req.query.b)][n] = 1;',
    );
    expect(lines(SINK_KEY, code)).toEqual([2]);
  });
});

describe('findings of hard-coded credential rules', () => {
  it('never show the credential: string literals are masked in snippet and message', () => {
    const yaml = `rules:
  - id: js-hardcoded-db-password
    message: the password $PW is hard-coded
    severity: ERROR
    languages: [javascript]
    metadata: { cwe: ["CWE-798: Use of Hard-coded Credentials"] }
    pattern: "connect({..., password: $PW, ...})"
`;
    const code = "connect({ user: 'app', password: 'hunter2-db-password' });";
    const { rules } = loadRules(yaml, 'r.yaml');
    const [finding] = findingsOf(
      'a.js',
      'javascript',
      code,
      analyseFile(code, 'javascript', rules).matches,
    );
    expect(finding?.message).toBe("the password 'hunt************' is hard-coded");
    expect(finding?.location.kind === 'code' && finding.location.snippet).toBe(
      "connect({ user: 'app', password: 'hunt************' });",
    );
    expect(finding?.title).toBe('Hardcoded DB password');
  });
});

describe('conditional expressions', () => {
  it('take the taint of their branches, not of their condition', () => {
    const code = js(
      'const v = ok ? req.query.a : "x";',
      'db.query(v);',
      'const w = req.query.flag ? "a" : "b";',
      'db.query(w);',
    );
    expect(lines(JS_RULE, code)).toEqual([3]);
    const py = [
      'def view():',
      '    v = request.args["a"] if ok else "x"',
      '    cur.execute(v)',
      '    w = "a" if request.args["f"] else "b"',
      '    cur.execute(w)',
    ].join('\n');
    expect(lines(PY_RULE, py, 'python')).toEqual([3]);
  });
});
