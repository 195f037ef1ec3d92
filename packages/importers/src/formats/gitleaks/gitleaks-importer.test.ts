import { FindingDraftSchema, secretInfo } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertDetectNeverThrows,
  assertOnlyParseErrors,
  lineOf,
  parseErrorOf,
} from '../../test-support/importer-checks.js';
import { allSampleReports, readFixture } from '../../test-support/sample-reports.js';
import { sarifImporter } from '../sarif/sarif-importer.js';
import { gitleaksImporter as importer } from './gitleaks-importer.js';

const sample = readFixture('gitleaks', 'gitleaks-report.json');
const leaks = JSON.parse(sample) as { Secret: string; Match: string }[];
const tool = { name: 'gitleaks', version: '' };
const rotate =
  'Revoke and rotate it: deleting it from the code does not make it safe, it stays in the git history.';
const remediation =
  'Revoke the credential and issue a new one, then load it from the environment or a secret manager. Deleting it from the code does not make it safe: it stays in the git history.';

describe('gitleaks importer: a real report', () => {
  it('maps each leak to an exact secrets draft', () => {
    const key = leaks[2]?.Secret ?? '';
    expect(importer.parse(sample, { file: 'gitleaks.json' })).toEqual([
      {
        ruleId: 'gitleaks/aws-access-token',
        scanner: 'secrets',
        tool,
        title: 'AWS access token',
        message: `AWS access token (AKIA************) in commit 9f2b4c1d7e3a. ${rotate}`,
        severity: 'high',
        confidence: 'medium',
        cwe: ['CWE-798'],
        owasp: 'A07:2021',
        location: {
          kind: 'code',
          path: 'deploy/terraform/provider.tf',
          region: { startLine: 12, startColumn: 23, endLine: 12, endColumn: 43 },
          snippet: 'AKIA************',
        },
        remediation,
        references: [],
        tags: ['secret'],
        secret: secretInfo('AKIAIOSFODNN7EXAMPLE'),
        properties: {
          commit: '9f2b4c1d7e3a5f6081726354a9b8c7d6e5f40312',
          link: 'https://github.com/acme/shop/blob/9f2b4c1d7e3a5f6081726354a9b8c7d6e5f40312/deploy/terraform/provider.tf#L12',
          entropy: 3.6841838,
          gitleaksFingerprint:
            '9f2b4c1d7e3a5f6081726354a9b8c7d6e5f40312:deploy/terraform/provider.tf:aws-access-token:12',
          description:
            'Identified a pattern that may indicate AWS credentials, risking unauthorized cloud resource access and data breaches on AWS platforms.',
        },
      },
      {
        ruleId: 'gitleaks/generic-api-key',
        scanner: 'secrets',
        tool,
        title: 'Generic API key',
        message: `Generic API key (c8f2************). ${rotate}`,
        severity: 'high',
        confidence: 'medium',
        cwe: ['CWE-798'],
        owasp: 'A07:2021',
        location: {
          kind: 'code',
          path: 'services/billing/.env',
          region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 51 },
          snippet: 'PAYMENTS_API_KEY="c8f2************"',
        },
        remediation,
        references: [],
        tags: ['secret', 'api', 'key'],
        secret: secretInfo(leaks[1]?.Secret ?? ''),
        properties: {
          entropy: 3.9056554,
          gitleaksFingerprint: 'services/billing/.env:generic-api-key:4',
          description:
            'Detected a Generic API Key, potentially exposing access to various services and sensitive operations.',
        },
      },
      {
        ruleId: 'gitleaks/private-key',
        scanner: 'secrets',
        tool,
        title: 'Private key',
        message: `Private key (----************). ${rotate}`,
        severity: 'high',
        confidence: 'medium',
        cwe: ['CWE-798'],
        owasp: 'A07:2021',
        location: {
          kind: 'code',
          path: 'ops/keys/deploy_ed25519',
          region: { startLine: 1, startColumn: 1, endLine: 5, endColumn: 34 },
          snippet: '----************',
        },
        remediation,
        references: [],
        tags: ['secret'],
        secret: secretInfo(key),
        properties: {
          entropy: 5.8106585,
          gitleaksFingerprint: 'ops/keys/deploy_ed25519:private-key:1',
          description:
            'Identified a Private Key, which may compromise cryptographic security and sensitive data encryption.',
        },
      },
    ]);
  });

  it('keeps no secret, and no line of a multi-line secret, in clear anywhere', () => {
    const kept = JSON.stringify(importer.parse(sample, { file: 'gitleaks.json' }));
    for (const leak of leaks) {
      expect(kept).not.toContain(leak.Secret);
      for (const line of leak.Secret.split('\n')) {
        if (line.length > 8) expect(kept).not.toContain(line);
      }
    }
  });

  it('gives the same secret hash as the SARIF gitleaks writes for the same leak', () => {
    const fromJson = importer.parse(sample, { file: 'g.json' })[0];
    const fromSarif = sarifImporter.parse(readFixture('sarif', 'gitleaks.sarif'), {
      file: 'g.sarif',
    })[0];
    expect(fromJson?.secret?.hash).toBe(fromSarif?.secret?.hash);
    expect(fromJson?.ruleId).toBe(fromSarif?.ruleId);
  });

  it('reads a report written with --redact: nothing to hash, and no partial secret kept', () => {
    const redacted = JSON.stringify([
      { ...JSON.parse(sample)[1], Secret: 'REDACTED', Match: 'PAYMENTS_API_KEY="REDACTED"' },
      {
        ...JSON.parse(sample)[1],
        Secret: `${(leaks[1]?.Secret ?? '').slice(0, 14)}...`,
        Match: `PAYMENTS_API_KEY="${(leaks[1]?.Secret ?? '').slice(0, 14)}..."`,
      },
    ]);
    const drafts = importer.parse(redacted, { file: 'r.json' });
    for (const draft of drafts) {
      expect(draft).not.toHaveProperty('secret');
      expect(draft.location).toMatchObject({ snippet: 'PAYMENTS_API_KEY="REDACTED"' });
      expect(draft.properties).toMatchObject({ redactedByTool: true });
      expect(draft.message).toBe(`Generic API key. ${rotate}`);
    }
    expect(JSON.stringify(drafts)).not.toContain('c8f2e91b');
  });

  it('reads an empty report, and the null older versions wrote', () => {
    expect(importer.parse('[]\n', { file: 'e.json' })).toEqual([]);
    expect(importer.parse('null', { file: 'e.json' })).toEqual([]);
  });
});

describe('gitleaks importer: broken input', () => {
  it('names the line of a JSON syntax error', () => {
    const err = parseErrorOf(importer, '[\n {"RuleID": "x"\n  "File": "a"}\n]', 'leaks.json');
    expect(err.position).toMatchObject({ file: 'leaks.json', line: 3 });
  });

  it('names the path and line of a wrong value', () => {
    const broken = sample.replace('"StartLine": 4,', '"StartLine": "4",');
    const err = parseErrorOf(importer, broken);
    expect(err.message).toMatch(/not a gitleaks JSON report: \[1\]\.StartLine: expected number/);
    expect(err.position.line).toBe(lineOf(broken, '"StartLine": "4"'));
  });

  it('rejects a document that is not an array of leaks', () => {
    const err = parseErrorOf(importer, '{"Leaks": []}');
    expect(err.message).toMatch(/not a gitleaks JSON report: the document: expected array/);
    expect(err.position.line).toBe(1);
  });
});

describe('gitleaks importer: detect', () => {
  it('claims its samples and no other format sample', () => {
    for (const s of allSampleReports()) {
      expect(importer.detect(s.text, s.json), `${s.format}/${s.name}`).toBe(
        s.format === 'gitleaks',
      );
    }
  });

  it('never throws', () => assertDetectNeverThrows(importer));
});

describe('gitleaks importer: properties', () => {
  it('throws nothing but ParseError on arbitrary input', () => assertOnlyParseErrors(importer));

  // Secrets from an alphabet the paths and rule ids below never use, so "not in the output"
  // means the secret itself was not kept.
  const secret = fc.stringMatching(/^Q[0-9A-Z]{15,40}$/);
  const leak = fc.record({
    RuleID: fc.stringMatching(/^[a-z][a-z-]{0,20}$/),
    Description: fc.string(),
    StartLine: fc.nat({ max: 5000 }),
    EndLine: fc.nat({ max: 5000 }),
    StartColumn: fc.nat({ max: 200 }),
    EndColumn: fc.nat({ max: 200 }),
    Secret: secret,
    prefix: fc.stringMatching(/^[a-z_ =":]{0,20}$/),
    File: fc.stringMatching(/^(\.\/)?[a-z][a-z0-9_/.]{0,30}$/),
    Commit: fc.stringMatching(/^[0-9a-f]{0,40}$/),
    Tags: fc.array(fc.string(), { maxLength: 3 }),
  });

  it('imports one valid draft per leak and never keeps a secret in clear', () => {
    fc.assert(
      fc.property(fc.array(leak, { maxLength: 6 }), (generated) => {
        const report = generated.map(({ prefix, ...l }) => ({
          ...l,
          Match: `${prefix}${l.Secret}`,
        }));
        const drafts = importer.parse(JSON.stringify(report), { file: 'g.json' });
        expect(drafts).toHaveLength(report.length);
        const kept = JSON.stringify(drafts);
        for (const [i, draft] of drafts.entries()) {
          FindingDraftSchema.parse(draft);
          expect(draft.secret).toEqual(secretInfo(report[i]?.Secret ?? ''));
          expect(kept).not.toContain(report[i]?.Secret);
        }
      }),
    );
  });
});
