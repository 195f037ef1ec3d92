import { FindingDraftSchema, secretInfo } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertDetectNeverThrows,
  assertOnlyParseErrors,
  parseErrorOf,
} from '../../test-support/importer-checks.js';
import { allSampleReports, readFixture } from '../../test-support/sample-reports.js';
import { trufflehogImporter as importer } from './trufflehog-importer.js';

const sample = readFixture('trufflehog', 'trufflehog-report.jsonl');
const records = sample
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { Raw: string; RawV2: string });
const tool = { name: 'trufflehog', version: '' };
const rotate =
  'Revoke and rotate it: deleting it from the code does not make it safe, it stays in the git history.';
const remediation =
  'Revoke the credential and issue a new one, then load it from the environment or a secret manager. Deleting it from the code does not make it safe: it stays in the git history.';
const common = {
  scanner: 'secrets',
  tool,
  cwe: ['CWE-798'],
  owasp: 'A07:2021',
  remediation,
} as const;

describe('trufflehog importer: a real report', () => {
  it('maps each line to an exact secrets draft, verified ones critical and valid', () => {
    expect(importer.parse(sample, { file: 'th.jsonl' })).toEqual([
      {
        ...common,
        ruleId: 'trufflehog/AWS',
        title: 'AWS secret',
        message: `AWS secret (AKIA************) in commit 4d9c2f8e1b7a, verified live by trufflehog. ${rotate}`,
        severity: 'critical',
        confidence: 'high',
        location: {
          kind: 'code',
          path: 'deploy/aws/credentials',
          region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 1 },
        },
        references: ['https://howtorotate.com/docs/tutorials/aws/'],
        tags: ['secret', 'aws'],
        secret: { ...secretInfo('AKIAI44QH8DHBEXAMPLE'), validated: 'valid' },
        properties: {
          source: 'Git',
          verified: true,
          commit: '4d9c2f8e1b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
          repository: 'https://github.com/acme/shop.git',
        },
      },
      {
        ...common,
        ruleId: 'trufflehog/URI',
        title: 'URI secret',
        message: `URI secret (post************). ${rotate}`,
        severity: 'high',
        confidence: 'medium',
        location: {
          kind: 'code',
          path: 'services/api/config/database.yml',
          region: { startLine: 14, startColumn: 1, endLine: 14, endColumn: 1 },
        },
        references: [],
        tags: ['secret', 'uri'],
        secret: {
          ...secretInfo(['postgres://app:', 's3cr3t-Pa55w0rd', '@db.internal:5432/shop'].join('')),
          validated: 'unknown',
        },
        properties: { source: 'Filesystem', verified: false },
      },
      {
        ...common,
        ruleId: 'trufflehog/Github',
        title: 'Github secret',
        message: `Github secret (ghp_************). ${rotate}`,
        severity: 'high',
        confidence: 'medium',
        location: {
          kind: 'code',
          path: 'web/src/config.ts',
          region: { startLine: 7, startColumn: 1, endLine: 7, endColumn: 1 },
        },
        references: ['https://howtorotate.com/docs/tutorials/github/'],
        tags: ['secret', 'github'],
        secret: { ...secretInfo('ghp_FAKE00000000000000000000000000000000'), validated: 'unknown' },
        properties: { source: 'Filesystem', verified: false, decoder: 'BASE64' },
      },
    ]);
  });

  it('keeps no secret, no RawV2 and no account details in clear', () => {
    const kept = JSON.stringify(importer.parse(sample, { file: 'th.jsonl' }));
    for (const record of records) {
      expect(kept).not.toContain(record.Raw);
      if (record.RawV2 !== '') expect(kept).not.toContain(record.RawV2);
    }
    expect(kept).not.toContain('s3cr3t-Pa55w0rd');
    expect(kept).not.toContain('123456789012');
  });

  it('skips blank lines and reads CRLF line ends', () => {
    const crlf = `\r\n${sample.trim().split('\n').join('\r\n\r\n')}\r\n`;
    expect(importer.parse(crlf, { file: 'th.jsonl' })).toEqual(
      importer.parse(sample, { file: 'th.jsonl' }),
    );
    expect(importer.parse('', { file: 'empty.jsonl' })).toEqual([]);
  });
});

describe('trufflehog importer: broken input', () => {
  const lines = sample.trim().split('\n');

  it('names the line that is not JSON', () => {
    const broken = [lines[0], lines[1]?.slice(0, 40), lines[2]].join('\n');
    const err = parseErrorOf(importer, broken, 'th.jsonl');
    expect(err.position).toMatchObject({ file: 'th.jsonl', line: 2 });
    expect(err.message).toMatch(
      /^th\.jsonl:2:\d+: not a trufflehog JSON Lines report: line 2 is not a JSON value/,
    );
  });

  it('names the line and path of a wrong shape', () => {
    const broken = [lines[0], '', lines[2]?.replace('"Verified":false', '"Verified":"no"')].join(
      '\n',
    );
    const err = parseErrorOf(importer, broken, 'th.jsonl');
    expect(err.position.line).toBe(3);
    expect(err.message).toMatch(/Verified: expected boolean/);
  });

  it('names the line of a finding outside any file', () => {
    const s3 = JSON.stringify({
      SourceMetadata: {
        Data: { S3: { bucket: 'backups', link: 'https://backups.s3.amazonaws.com/x' } },
      },
      DetectorName: 'Slack',
      Verified: false,
      Raw: 'xoxb-not-a-real-token',
    });
    const err = parseErrorOf(importer, `${lines[0]}\n${s3}`, 'th.jsonl');
    expect(err.position.line).toBe(2);
    expect(err.message).toMatch(/its S3 source gives no file/);
    expect(err.message).not.toContain('xoxb-not-a-real-token');
  });
});

describe('trufflehog importer: detect', () => {
  it('claims its samples and no other format sample', () => {
    for (const s of allSampleReports()) {
      expect(importer.detect(s.text, s.json), `${s.format}/${s.name}`).toBe(
        s.format === 'trufflehog',
      );
    }
  });

  it('claims a one-line report, which parses as a single JSON object', () => {
    const one = sample.split('\n')[0] ?? '';
    expect(importer.detect(one, JSON.parse(one))).toBe(true);
  });

  it('never throws', () => assertDetectNeverThrows(importer));
});

describe('trufflehog importer: properties', () => {
  it('throws nothing but ParseError on arbitrary input', () => assertOnlyParseErrors(importer));

  const record = fc.record({
    SourceMetadata: fc.record({
      Data: fc.oneof(
        fc.record({
          Filesystem: fc.record({
            file: fc.stringMatching(/^[a-z][a-z/._]{0,20}$/),
            line: fc.nat(500),
          }),
        }),
        fc.record({
          Git: fc.record({
            file: fc.stringMatching(/^[a-z][a-z/._]{0,20}$/),
            line: fc.nat(500),
            commit: fc.stringMatching(/^[0-9a-f]{40}$/),
          }),
        }),
      ),
    }),
    DetectorName: fc.constantFrom('AWS', 'Slack', 'Github', 'URI', 'PrivateKey'),
    Verified: fc.boolean(),
    Raw: fc.stringMatching(/^Q[0-9A-Z]{15,40}$/),
  });

  it('imports one valid draft per line and never keeps the secret', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), (generated) => {
        const text = generated.map((r) => JSON.stringify(r)).join('\n');
        const drafts = importer.parse(text, { file: 'th.jsonl' });
        expect(drafts).toHaveLength(generated.length);
        const kept = JSON.stringify(drafts);
        for (const [i, draft] of drafts.entries()) {
          FindingDraftSchema.parse(draft);
          expect(draft.secret?.validated).toBe(generated[i]?.Verified ? 'valid' : 'unknown');
          expect(kept).not.toContain(generated[i]?.Raw);
        }
      }),
    );
  });
});
