import { defineCheck } from '../../check.js';
import { type HclBlock, resources } from '../../parsers/terraform.js';
import { address, literalOf } from '../tf-hcl.js';

const FLAGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
] as const;

const blocksAll = (block: HclBlock): boolean =>
  FLAGS.every((f) => literalOf(block.attributes.get(f)?.node) === 'true');

/** The text of a block's top-level attributes, where its bucket reference is. */
const referenceText = (block: HclBlock): string =>
  ['bucket', 'for_each', 'count'].map((name) => block.attributes.get(name)?.text ?? '').join('\n');

const references = (text: string, bucket: HclBlock): boolean => {
  const name = bucket.labels[1] ?? '';
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.])aws_s3_bucket\\.${escaped}(?![\\w-])`).test(text);
};

/**
 * An S3 bucket without a public access block in the same file, or a public access block that
 * leaves one of its four protections off.
 */
export const tfAwsS3NoPublicAccessBlock = defineCheck({
  meta: {
    id: 'tf-aws-s3-no-public-access-block',
    kind: 'terraform',
    title: 'S3 bucket without a complete public access block',
    severity: 'medium',
    confidence: 'medium',
    cwe: ['CWE-732'],
    owasp: 'A05:2021',
    description:
      'Without S3 Block Public Access on all four settings, one ACL or bucket policy change is enough to make the bucket and its objects public.',
    remediation:
      'Add a public access block for every bucket (or one for the account with `aws_s3_account_public_access_block`): `resource "aws_s3_bucket_public_access_block" "b" { bucket = aws_s3_bucket.b.id  block_public_acls = true  block_public_policy = true  ignore_public_acls = true  restrict_public_buckets = true }`.',
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block',
    ],
  },
  check(doc, report) {
    // An account-wide block with all four settings covers every bucket.
    if (resources(doc, 'aws_s3_account_public_access_block').some(blocksAll)) return;
    const found: { line: number; column: number; message: string }[] = [];
    const blocks = resources(doc, 'aws_s3_bucket_public_access_block');
    for (const block of blocks) {
      const missing: string[] = [];
      for (const flag of FLAGS) {
        const attribute = block.attributes.get(flag);
        if (!attribute) missing.push(flag);
        else if (literalOf(attribute.node) === 'false')
          found.push({
            line: attribute.line,
            column: attribute.column,
            message: `\`${address(block)}\` sets \`${flag} = false\`.`,
          });
      }
      if (missing.length > 0)
        found.push({
          line: block.line,
          column: block.column,
          message: `\`${address(block)}\` does not set ${missing.map((m) => `\`${m}\``).join(', ')} (default false).`,
        });
    }
    const buckets = resources(doc, 'aws_s3_bucket');
    const texts = blocks.map(referenceText);
    // A block whose bucket is neither a literal nor an aws_s3_bucket reference (a local, a
    // variable, a module output) may protect any of them: then none is reported as missing.
    const unknown = blocks.some(
      (b, i) =>
        literalOf(b.attributes.get('bucket')?.node) === undefined &&
        !/(?<![\w.])aws_s3_bucket\.[\w-]+/.test(texts[i] ?? ''),
    );
    if (!unknown)
      for (const bucket of buckets) {
        const name = literalOf(bucket.attributes.get('bucket')?.node);
        const covered = blocks.some(
          (b, i) =>
            references(texts[i] ?? '', bucket) ||
            (name !== undefined && literalOf(b.attributes.get('bucket')?.node) === name),
        );
        if (!covered)
          found.push({
            line: bucket.line,
            column: bucket.column,
            message: `\`${address(bucket)}\` has no \`aws_s3_bucket_public_access_block\` in this file (if another file or the account-level block covers it, ignore this).`,
          });
      }
    for (const f of found.sort((a, b) => a.line - b.line || a.column - b.column)) report(f);
  },
});
