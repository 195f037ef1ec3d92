import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTerraform, resources } from './terraform.js';

describe('parseTerraform', () => {
  const text = [
    'provider "aws" {',
    '  region = var.region',
    '}',
    '',
    'resource "aws_s3_bucket" "logs" {',
    '  bucket = "acme-logs"',
    '  acl    = "public-read"',
    '  versioning {',
    '    enabled = true',
    '  }',
    '}',
  ].join('\n');

  it('reads blocks, labels, attributes and nested blocks with their lines', () => {
    const doc = parseTerraform(text);
    expect(doc.errorLine).toBeUndefined();
    const [bucket] = resources(doc, 'aws_s3_bucket');
    expect(bucket?.labels).toEqual(['aws_s3_bucket', 'logs']);
    expect(bucket?.line).toBe(5);
    expect(bucket?.attributes.get('acl')).toMatchObject({
      literal: 'public-read',
      line: 7,
      column: 12,
    });
    expect(bucket?.blocks[0]?.attributes.get('enabled')).toMatchObject({
      literal: 'true',
      line: 9,
    });
  });

  it('keeps expressions as text and gives them no literal value', () => {
    const region = parseTerraform(text).blocks[0]?.attributes.get('region');
    expect(region).toMatchObject({ text: 'var.region', literal: undefined, line: 2 });
  });

  it('says where a broken file stops parsing', () => {
    expect(parseTerraform('resource "a" "b" {\n  x = \n').errorLine).toBeGreaterThan(0);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseTerraform(s);
      }),
      { numRuns: 200 },
    );
  });
});
