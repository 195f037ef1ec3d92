import { defineCheck } from '../../check.js';
import { type HclBlock, resources } from '../../parsers/terraform.js';
import { address, literalOf, positionOf, unwrap } from '../tf-hcl.js';

const PUBLIC_ACLS: Readonly<Record<string, string>> = {
  'public-read': 'anyone on the internet can list and read its objects',
  'public-read-write': 'anyone on the internet can list, read, write and delete its objects',
  'authenticated-read': 'any AWS account (not just yours) can list and read its objects',
};

const PUBLIC_GROUPS: Readonly<Record<string, string>> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers (anyone on the internet)',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers':
    'AuthenticatedUsers (any AWS account)',
};

/** `grant` blocks (inline in aws_s3_bucket, or under aws_s3_bucket_acl's access_control_policy). */
function grantsToPublicGroups(
  block: HclBlock,
  report: (found: { line: number; column: number; message: string }) => void,
): void {
  const grants = [
    ...block.blocks.filter((b) => b.type === 'grant'),
    ...block.blocks
      .filter((b) => b.type === 'access_control_policy')
      .flatMap((p) => p.blocks.filter((b) => b.type === 'grant')),
  ];
  for (const grant of grants) {
    // aws_s3_bucket: `grant { uri = … }`; aws_s3_bucket_acl: `grant { grantee { uri = … } }`.
    const uris = [grant, ...grant.blocks.filter((b) => b.type === 'grantee')]
      .map((b) => b.attributes.get('uri'))
      .filter((a) => a !== undefined);
    for (const uri of uris) {
      const value = literalOf(uri.node);
      const group =
        value === undefined ? undefined : PUBLIC_GROUPS[value.replace(/^https:/, 'http:')];
      if (!group) continue;
      const permission =
        literalOf(grant.attributes.get('permission')?.node) ??
        grant.attributes.get('permissions')?.text ??
        'permissions';
      report({
        ...positionOf(unwrap(uri.node)),
        message: `S3 ACL of \`${address(block)}\` grants ${permission} to ${group}.`,
      });
    }
  }
}

/** A canned ACL or an ACL grant that opens an S3 bucket to everyone. */
export const tfAwsS3PublicAcl = defineCheck({
  meta: {
    id: 'tf-aws-s3-public-acl',
    kind: 'terraform',
    title: 'S3 bucket ACL grants public access',
    severity: 'high',
    cwe: ['CWE-732'],
    owasp: 'A01:2021',
    description:
      'The bucket ACL grants access to everyone on the internet (AllUsers) or to every AWS account (AuthenticatedUsers): public S3 buckets are one of the most common causes of data leaks.',
    remediation:
      'Use a private ACL, or better disable ACLs altogether and grant access with bucket policies: `resource "aws_s3_bucket_ownership_controls" "b" { bucket = aws_s3_bucket.b.id  rule { object_ownership = "BucketOwnerEnforced" } }` plus an `aws_s3_bucket_public_access_block` with all four flags true; serve public content through CloudFront with origin access control.',
    references: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_acl',
    ],
  },
  check(doc, report) {
    for (const block of [
      ...resources(doc, 'aws_s3_bucket'),
      ...resources(doc, 'aws_s3_bucket_acl'),
    ].sort((a, b) => a.line - b.line)) {
      const acl = block.attributes.get('acl');
      const value = literalOf(acl?.node);
      if (acl && value !== undefined && PUBLIC_ACLS[value])
        report({
          line: acl.line,
          column: acl.column,
          message: `\`${address(block)}\` sets the canned ACL \`${value}\`: ${PUBLIC_ACLS[value]}.`,
        });
      grantsToPublicGroups(block, report);
    }
  },
});
