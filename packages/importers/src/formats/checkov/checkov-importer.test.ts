import { FindingDraftSchema } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertDetectNeverThrows,
  assertOnlyParseErrors,
  lineOf,
  parseErrorOf,
} from '../../test-support/importer-checks.js';
import { allSampleReports, readFixture } from '../../test-support/sample-reports.js';
import { checkovImporter as importer } from './checkov-importer.js';

const sample = readFixture('checkov', 'checkov-report.json');
const tool = { name: 'checkov', version: '3.2.255' };
const bucket =
  'resource "aws_s3_bucket" "uploads" {\n  bucket = "acme-shop-uploads"\n  acl    = "public-read"\n}';
const docs = 'https://docs.prismacloud.io/en/enterprise-edition/policy-reference';

describe('checkov importer: a real report', () => {
  it('maps each failed check of each framework to an exact IaC draft', () => {
    expect(importer.parse(sample, { file: 'checkov.json' })).toEqual([
      {
        ruleId: 'checkov/CKV_AWS_20',
        scanner: 'iac',
        tool,
        title: 'S3 Bucket has an ACL defined which allows public READ access.',
        message:
          'aws_s3_bucket.uploads: S3 Bucket has an ACL defined which allows public READ access.',
        severity: 'medium',
        confidence: 'high',
        cwe: [],
        location: {
          kind: 'code',
          path: 'storage.tf',
          region: { startLine: 1, startColumn: 1, endLine: 4, endColumn: 2 },
          snippet: bucket,
        },
        references: [`${docs}/aws-policies/s3-policies/s3-1-acl-read-permissions-everyone`],
        tags: ['checkov', 'terraform'],
        properties: {
          checkType: 'terraform',
          resource: 'aws_s3_bucket.uploads',
          bcCheckId: 'BC_AWS_S3_1',
          evaluatedKeys: ['acl', 'access_control_policy/*/grant'],
        },
      },
      {
        ruleId: 'checkov/CKV_AWS_24',
        scanner: 'iac',
        tool,
        title: 'Ensure no security groups allow ingress from 0.0.0.0:0 to port 22',
        message:
          'aws_security_group.ssh: Ensure no security groups allow ingress from 0.0.0.0:0 to port 22.',
        severity: 'high',
        confidence: 'high',
        cwe: [],
        location: {
          kind: 'code',
          path: 'network/sg.tf',
          region: { startLine: 12, startColumn: 1, endLine: 20, endColumn: 2 },
          snippet:
            'resource "aws_security_group" "ssh" {\n  name = "allow-ssh"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}',
        },
        references: [`${docs}/aws-policies/aws-networking-policies/networking-1-port-security`],
        tags: ['checkov', 'terraform'],
        properties: {
          checkType: 'terraform',
          resource: 'aws_security_group.ssh',
          bcCheckId: 'BC_AWS_NETWORKING_1',
          evaluatedKeys: [
            'ingress/[0]/from_port',
            'ingress/[0]/to_port',
            'ingress/[0]/cidr_blocks',
          ],
        },
      },
      {
        ruleId: 'checkov/CKV2_AWS_6',
        scanner: 'iac',
        tool,
        title: 'Ensure that S3 bucket has a Public Access block',
        message: 'aws_s3_bucket.uploads: Ensure that S3 bucket has a Public Access block.',
        severity: 'low',
        confidence: 'high',
        cwe: [],
        location: {
          kind: 'code',
          path: 'storage.tf',
          region: { startLine: 1, startColumn: 1, endLine: 4, endColumn: 2 },
          snippet: bucket,
        },
        references: [
          `${docs}/aws-policies/s3-policies/s3-bucket-should-have-public-access-blocks-defaults-to-false-if-the-public-access-block-is-not-attached`,
        ],
        tags: ['checkov', 'terraform'],
        properties: {
          checkType: 'terraform',
          resource: 'aws_s3_bucket.uploads',
          bcCheckId: 'BC_AWS_S3_20',
        },
      },
      {
        ruleId: 'checkov/CKV_DOCKER_3',
        scanner: 'iac',
        tool,
        title: 'Ensure that a user for the container has been created',
        message: 'Ensure that a user for the container has been created.',
        severity: 'medium',
        confidence: 'high',
        cwe: [],
        location: {
          kind: 'code',
          path: 'Dockerfile',
          region: { startLine: 1, startColumn: 1, endLine: 6, endColumn: 26 },
          snippet:
            'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nEXPOSE 3000\nCMD ["node", "server.js"]',
        },
        references: [
          `${docs}/docker-policies/docker-policy-index/ensure-that-a-user-for-the-container-has-been-created`,
        ],
        tags: ['checkov', 'dockerfile'],
        properties: { checkType: 'dockerfile', resource: '/Dockerfile.', bcCheckId: 'BC_DKR_3' },
      },
    ]);
  });

  it('reads a single framework object, secrets checks, and the bare summary of an empty scan', () => {
    const secrets = {
      check_type: 'secrets',
      results: {
        failed_checks: [
          {
            check_id: 'CKV_SECRET_2',
            check_name: 'AWS Access Key',
            file_path: '/ci/deploy.sh',
            file_abs_path: '/src/ci/deploy.sh',
            file_line_range: [3, 3],
            resource: '25910f981e85ca04baf359199dd0bd4a3ae738b6',
            severity: 'HIGH',
            code_block: [[3, 'export AWS_ACCESS_KEY_ID=AKIA**********\n']],
          },
        ],
      },
      summary: { checkov_version: '2.4.9' },
    };
    const [draft] = importer.parse(JSON.stringify(secrets), { file: 's.json' });
    expect(draft).toMatchObject({
      ruleId: 'checkov/CKV_SECRET_2',
      scanner: 'secrets',
      tool: { name: 'checkov', version: '2.4.9' },
      severity: 'high',
      confidence: 'medium',
      cwe: ['CWE-798'],
      owasp: 'A07:2021',
      location: {
        path: 'ci/deploy.sh',
        region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 40 },
        snippet: 'export AWS_ACCESS_KEY_ID=AKIA**********',
      },
    });
    const empty =
      '{"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0, "resource_count": 0, "checkov_version": "3.2.255"}';
    expect(importer.parse(empty, { file: 'e.json' })).toEqual([]);
  });

  it('keeps a path given as an absolute file as it is', () => {
    const run = {
      check_type: 'kubernetes',
      results: {
        failed_checks: [
          {
            check_id: 'CKV_K8S_20',
            check_name: 'Containers should not run with allowPrivilegeEscalation',
            file_path: '/srv/k8s/deploy.yaml',
            file_abs_path: '/srv/k8s/deploy.yaml',
            file_line_range: [1, 30],
          },
        ],
      },
    };
    const [draft] = importer.parse(JSON.stringify(run), { file: 'k.json' });
    expect(draft?.location).toMatchObject({ path: '/srv/k8s/deploy.yaml' });
    expect(draft?.tool).toEqual({ name: 'checkov', version: '' });
  });
});

describe('checkov importer: broken input', () => {
  it('names the line of a JSON syntax error', () => {
    const err = parseErrorOf(importer, '[\n  {"check_type": "terraform",\n  "results": {]\n}]');
    expect(err.position.line).toBe(3);
  });

  it('names the path and line of a wrong value in the second framework', () => {
    const broken = sample.replace(/("file_line_range": \[\s*)1(,\s*6\s*\])/, '$1"1"$2');
    expect(broken).not.toBe(sample);
    const err = parseErrorOf(importer, broken, 'checkov.json');
    expect(err.message).toMatch(
      /results\.failed_checks\[0\]\.file_line_range\[0\]: expected number/,
    );
    expect(err.position.line).toBe(lineOf(broken, '"1",'));
  });
});

describe('checkov importer: detect', () => {
  it('claims its samples and no other format sample', () => {
    for (const s of allSampleReports()) {
      expect(importer.detect(s.text, s.json), `${s.format}/${s.name}`).toBe(s.format === 'checkov');
    }
  });

  it('never throws', () => assertDetectNeverThrows(importer));
});

describe('checkov importer: properties', () => {
  it('throws nothing but ParseError on arbitrary input', () => assertOnlyParseErrors(importer));

  const check = fc.record({
    check_id: fc.stringMatching(/^CKV2?_[A-Z]{2,6}_[0-9]{1,3}$/),
    check_name: fc.string(),
    file_path: fc.stringMatching(/^\/?[a-z][a-z0-9_/.]{0,20}$/),
    file_line_range: fc.tuple(fc.nat(400), fc.nat(400)),
    resource: fc.option(fc.string(), { nil: null }),
    severity: fc.constantFrom(null, 'CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFO'),
    code_block: fc.array(fc.tuple(fc.nat(400), fc.string())),
  });
  const run = fc.record({
    check_type: fc.constantFrom('terraform', 'kubernetes', 'dockerfile', 'secrets', 'sca_package'),
    results: fc.record({ failed_checks: fc.array(check, { maxLength: 5 }) }),
  });

  it('imports one valid draft per failed check', () => {
    fc.assert(
      fc.property(fc.array(run, { minLength: 1, maxLength: 4 }), (runs) => {
        const drafts = importer.parse(JSON.stringify(runs), { file: 'c.json' });
        expect(drafts).toHaveLength(runs.reduce((n, r) => n + r.results.failed_checks.length, 0));
        for (const draft of drafts) FindingDraftSchema.parse(draft);
      }),
    );
  });
});
