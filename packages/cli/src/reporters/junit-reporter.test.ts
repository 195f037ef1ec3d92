import { buildScanReport, evaluateGate, type Finding } from '@rampart/core';
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeXml, escapeXmlText, xmlReadBack } from './escape.js';
import { renderJunit } from './junit-reporter.js';
import { finding, packageFinding, reportOf, urlFinding } from './test-findings.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true, // decodes numeric character references (&#10;)
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

interface Case {
  classname: string;
  name: string;
  file?: string;
  line?: string;
  failure?: { message: string; type: string; '#text': string };
  skipped?: { message: string };
  error?: { message: string };
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  testcase?: Case[];
}
interface Parsed {
  testsuites: Suite & { testsuite?: Suite[] };
}

function parse(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Parsed;
}

/** The first character XML 1.0 cannot hold, raw or as a character reference; '' if none. */
function forbiddenXml(xml: string): string {
  const allowed = (cp: number) =>
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff);
  for (const char of xml) {
    const cp = char.codePointAt(0) ?? 0;
    if (!allowed(cp)) return `U+${cp.toString(16)}`;
  }
  for (const [ref, hex, digits] of xml.matchAll(/&#(x?)([0-9a-f]+);/gi)) {
    if (!allowed(Number.parseInt(digits ?? '', hex ? 16 : 10))) return ref;
  }
  return '';
}

describe('junit reporter', () => {
  it('writes one suite per scanner and one case per finding, failures for the gate', () => {
    const report = reportOf([
      finding({ severity: 'critical' }),
      finding({ severity: 'low' }),
      packageFinding(),
      urlFinding(),
    ]);
    const { testsuites } = parse(renderJunit(report));
    expect(testsuites).toMatchObject({ name: 'rampart', tests: '7', failures: '2', skipped: '2' });
    expect(testsuites.testsuite?.map((s) => [s.name, s.tests, s.failures, s.skipped])).toEqual([
      ['rampart sast', '3', '1', '1'],
      ['rampart sca', '2', '1', '0'],
      ['rampart dast', '2', '0', '1'],
    ]);
    const [sast, sca, dast] = testsuites.testsuite ?? [];
    expect(sast?.testcase?.[0]).toMatchObject({
      classname: 'rampart sast',
      name: 'sast scanner ran',
    });
    const critical = sast?.testcase?.[1];
    expect(critical).toMatchObject({
      classname: 'src/app.js',
      name: 'js.eval at src/app.js:4:3',
      file: 'src/app.js',
      line: '4',
      failure: { message: 'eval() of request input', type: 'critical' },
    });
    expect(critical?.failure?.['#text']).toContain('location: src/app.js:4:3');
    expect(critical?.failure?.['#text']).toContain('fix: Do not `eval` input.');
    expect(critical?.failure?.['#text']).toContain('code:   eval(req.query.x)');
    expect(sast?.testcase?.[2]?.skipped?.message).toBe(
      'low: below the gate: it fails on high and above',
    );
    expect(sca?.testcase?.[1]).toMatchObject({
      classname: 'lodash@4.17.15',
      name: 'GHSA-35jh-r3h4-6jhm at package-lock.json:120',
      failure: { type: 'high' },
    });
    expect(sca?.testcase?.[1]?.failure?.['#text']).toContain('fixed in: 4.17.21');
    expect(dast?.testcase?.[1]).toMatchObject({
      classname: 'http://127.0.0.1:3000/account?tab=1',
      name: 'dast.missing-csp at GET http://127.0.0.1:3000/account?tab=1',
    });
  });

  it('skips existing findings and everything under --fail-on never, saying why', () => {
    const existing = reportOf([finding({ severity: 'critical', novelty: 'existing' })]);
    const off = reportOf([finding({ severity: 'critical' })], { failOn: 'never' });
    const reason = (xml: string) =>
      parse(xml).testsuites.testsuite?.[0]?.testcase?.[1]?.skipped?.message;
    expect(reason(renderJunit(existing))).toBe(
      'critical: existing finding (baseline or diff base): the gate counts only new ones',
    );
    expect(reason(renderJunit(off))).toBe(
      'critical: reported only: the gate is off (--fail-on never)',
    );
  });

  it('reports a scanner that failed as an error case, and a clean scan still has tests', () => {
    const { testsuites } = parse(
      renderJunit(
        reportOf([], { scanners: ['sast', 'secrets'], scannerErrors: { sast: 'boom <x>' } }),
      ),
    );
    expect(testsuites).toMatchObject({ tests: '2', failures: '0', errors: '1', skipped: '0' });
    expect(testsuites.testsuite?.[0]?.testcase?.[0]?.error?.message).toBe(
      'scanner sast failed: boom <x>',
    );
    expect(testsuites.testsuite?.[1]?.testcase?.[0]).toMatchObject({ name: 'secrets scanner ran' });
  });

  it('escapes hostile text everywhere and leaves no character XML forbids', () => {
    const nasty =
      '"><script>alert(1)</script>]]><!-- &amp; \' \x00\x01\x1b[31m\x7f\u0085\ufffe\uffff\ud800 ok\r\n<![CDATA[x]]>';
    const hostile: Finding = finding({
      ruleId: `rule${nasty}`,
      title: nasty,
      message: nasty,
      remediation: nasty,
      location: {
        kind: 'code',
        path: `src/${nasty}.js`,
        region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
        snippet: nasty,
      },
    });
    const xml = renderJunit(
      reportOf([hostile, finding({ ...hostile, severity: 'low', fingerprint: 'fp-low' })]),
    );
    expect(forbiddenXml(xml)).toBe('');
    expect(xml).not.toContain('<script>');
    const cases = parse(xml).testsuites.testsuite?.[0]?.testcase ?? [];
    const expected = xmlReadBack(nasty);
    expect(cases[1]?.failure?.message).toBe(expected);
    expect(cases[1]?.classname).toBe(xmlReadBack(`src/${nasty}.js`));
    expect(cases[1]?.failure?.['#text'].startsWith(`${expected}\n`)).toBe(true);
    expect(cases[2]?.['system-out']?.startsWith(`${expected}\n`)).toBe(true);
    expect(expected).toContain('\\x1b[31m');
  });

  it('round-trips any text through escaping (property)', () => {
    const parserOf = (xml: string) =>
      parser.parse(xml) as { r: { a: string; '#text'?: string } | string };
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'grapheme-composite' }),
        (a, b) => {
          for (const text of [a, b, `${a}\r\n${b}`]) {
            const xml = `<r a="${escapeXml(text)}">${escapeXmlText(text)}</r>`;
            expect(forbiddenXml(xml)).toBe('');
            expect(XMLValidator.validate(xml)).toBe(true);
            const r = parserOf(xml).r;
            const body = typeof r === 'string' ? r : (r['#text'] ?? '');
            expect(typeof r === 'string' ? undefined : r.a).toBe(xmlReadBack(text));
            expect(body).toBe(xmlReadBack(text));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('counts what it writes for a report built by the pipeline', () => {
    const findings = [finding({ severity: 'critical' }), finding({ severity: 'medium' })];
    const report = buildScanReport(
      {
        findings,
        suppressed: [],
        scanners: [
          { kind: 'sast', durationMs: 5, findings: 2, invalidFindings: 0, error: undefined },
        ],
        filesScanned: 1,
        skipped: [],
        gate: evaluateGate(findings, 'medium'),
        startedAt: new Date(0),
        finishedAt: new Date(5),
      },
      { toolVersion: '1', target: '.', stage: 'dev' },
    );
    const { testsuites } = parse(renderJunit(report));
    expect(testsuites).toMatchObject({ tests: '3', failures: '2', skipped: '0', errors: '0' });
  });
});
