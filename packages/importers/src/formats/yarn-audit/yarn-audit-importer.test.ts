import { FindingDraftSchema, ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-support/sample-reports.js';
import { yarnAuditImporter as importer } from './yarn-audit-importer.js';

const parse = (text: string, file = 'yarn-audit.jsonl') => importer.parse(text, { file });

function parseError(text: string, file = 'yarn-audit.jsonl'): ParseError {
  try {
    parse(text, file);
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

const summary = JSON.stringify({
  type: 'auditSummary',
  data: {
    vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0 },
    totalDependencies: 3,
  },
});

const advisoryLine = (
  id: number,
  moduleName: string,
  path: string,
  dev: boolean,
  version = '1.0.0',
) =>
  JSON.stringify({
    type: 'auditAdvisory',
    data: {
      resolution: { id, path, dev, optional: false, bundled: false },
      advisory: {
        id,
        title: `Flaw in ${moduleName}`,
        module_name: moduleName,
        severity: 'moderate',
        cves: [`CVE-2024-${10000 + id}`],
        patched_versions: '>=9.0.0',
        url: `https://npmjs.com/advisories/${id}`,
        findings: [{ version, paths: [path] }],
      },
    },
  });

describe('yarn-audit importer', () => {
  const drafts = parse(readFixture('yarn-audit', 'yarn-audit.jsonl'));

  it('imports each advisory once however many paths Yarn repeats it for', () => {
    expect(drafts.map((d) => d.ruleId)).toEqual(['GHSA-35jh-r3h4-6jhm', 'GHSA-xvch-5gv4-984h']);
  });

  it('puts the findings in yarn.lock with the version, fix and paths Yarn reports', () => {
    expect(drafts[0]).toMatchObject({
      tool: { name: 'yarn-audit', version: '' },
      title: 'Command Injection in lodash',
      severity: 'high',
      location: {
        purl: 'pkg:npm/lodash@4.17.20',
        ecosystem: 'npm',
        name: 'lodash',
        version: '4.17.20',
        manifestPath: 'yarn.lock',
        fixedVersions: ['4.17.21'],
        dependencyPath: ['lodash'],
        direct: true,
        dev: false,
      },
      remediation:
        'Upgrade lodash from 4.17.20 to 4.17.21 (the smallest version that fixes GHSA-35jh-r3h4-6jhm) in yarn.lock.',
    });
  });

  it('marks a package dev-only when every path Yarn resolved is dev', () => {
    expect(drafts[1]).toMatchObject({
      severity: 'critical',
      location: {
        name: 'minimist',
        version: '1.2.5',
        dev: true,
        direct: false,
        dependencyPath: ['mkdirp', 'minimist'],
      },
      tags: ['dependency', 'npm', 'transitive', 'dev-dependency'],
    });
  });

  it('reads a clean audit (a summary only) as no findings, and skips other events', () => {
    expect(parse(`{"type":"info","data":"fetching"}\n${summary}\n`)).toEqual([]);
    expect(
      parse(`${advisoryLine(7, 'left-pad', 'left-pad', false)}\r\n\r\n${summary}\r\n`),
    ).toHaveLength(1);
  });

  it('detects Yarn events, not other JSON', () => {
    expect(importer.detect(`${advisoryLine(1, 'a', 'a', false)}\n${summary}\n`, undefined)).toBe(
      true,
    );
    expect(importer.detect(summary, JSON.parse(summary))).toBe(true);
    expect(importer.detect('{"type":"info","data":"x"}', undefined)).toBe(false);
    expect(importer.detect('{\n  "type": "auditSummary"\n}', undefined)).toBe(false);
  });
});

describe('yarn-audit importer: broken input', () => {
  it('names the broken line', () => {
    const text = `${advisoryLine(1, 'a', 'a', false)}\n{"type":"auditAdvisory","data":\n${summary}\n`;
    const err = parseError(text, 'out/audit.jsonl');
    expect(err.position).toMatchObject({ file: 'out/audit.jsonl', line: 2 });
    expect(err.message).toMatch(/^out\/audit\.jsonl:2(:\d+)?: .*line 2 is not a JSON value/);
  });

  it('names the line and path of an advisory of the wrong shape', () => {
    const bad = JSON.parse(advisoryLine(2, 'b', 'b', false));
    bad.data.advisory.findings[0].version = 3;
    const err = parseError(`${summary}\n${JSON.stringify(bad)}\n`);
    expect(err.position.line).toBe(2);
    expect(err.message).toContain('data.advisory.findings[0].version');
  });

  it("reports Yarn's own error, and refuses files with no audit event", () => {
    expect(
      parseError('{"type":"error","data":"An unexpected error occurred: \\"Request failed\\""}')
        .message,
    ).toMatch(/yarn audit failed instead of reporting: An unexpected error occurred/);
    expect(parseError('{"type":"info","data":"x"}\n').message).toMatch(
      /no auditAdvisory or auditSummary line/,
    );
    expect(parseError('\n\n').message).toMatch(/the file is empty/);
  });
});

describe('yarn-audit importer: property', () => {
  it('gives one draft per distinct advisory, dev only when all its paths are dev', () => {
    const line = fc.record({
      id: fc.integer({ min: 1, max: 6 }),
      path: fc.stringMatching(/^[a-z]{1,4}(>[a-z]{1,4}){0,2}$/),
      dev: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        // One advisory per id, listing every path the lines resolve for it, as Yarn writes.
        const pathsOf = (id: number) => [
          ...new Set(lines.filter((l) => l.id === id).map((l) => l.path)),
        ];
        const text = [
          ...lines.map((l) => {
            const value = JSON.parse(advisoryLine(l.id, `pkg${l.id}`, l.path, l.dev));
            value.data.advisory.findings = [{ version: '1.0.0', paths: pathsOf(l.id) }];
            return JSON.stringify(value);
          }),
          summary,
        ].join('\n');
        const drafts = parse(text);
        const ids = [...new Set(lines.map((l) => l.id))];
        expect(drafts).toHaveLength(ids.length);
        for (const [i, draft] of drafts.entries()) {
          expect(() => FindingDraftSchema.parse(draft)).not.toThrow();
          const id = ids[i] as number;
          expect(draft.ruleId).toBe(`CVE-2024-${10000 + id}`);
          // The last resolution line of a path decides whether it is dev.
          const devByPath = new Map(lines.filter((l) => l.id === id).map((l) => [l.path, l.dev]));
          const allDev = [...devByPath.values()].every((d) => d);
          expect(draft.location.kind === 'package' && draft.location.dev).toBe(allDev);
        }
      }),
      { numRuns: 150 },
    );
  });
});
