import { defineCheck } from '../../check.js';
import { resources } from '../../parsers/terraform.js';
import { address, literalLower } from '../tf-hcl.js';

/** A CloudTrail trail with logging turned off. */
export const tfAwsCloudtrailDisabled = defineCheck({
  meta: {
    id: 'tf-aws-cloudtrail-disabled',
    kind: 'terraform',
    title: 'CloudTrail logging disabled',
    severity: 'medium',
    cwe: ['CWE-778'],
    owasp: 'A09:2021',
    description:
      'The trail exists but does not log (`enable_logging = false`): API activity is not recorded, so an intrusion or a misuse of credentials leaves no audit trail to detect or investigate it.',
    remediation:
      'Remove `enable_logging = false` (logging is on by default) and keep one multi-region trail: `resource "aws_cloudtrail" "main" { name = "main"  s3_bucket_name = aws_s3_bucket.trail.id  is_multi_region_trail = true  enable_log_file_validation = true }`.',
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail',
    ],
  },
  check(doc, report) {
    for (const block of resources(doc, 'aws_cloudtrail')) {
      const attribute = block.attributes.get('enable_logging');
      if (attribute && literalLower(block, 'enable_logging') === 'false')
        report({
          line: attribute.line,
          column: attribute.column,
          message: `\`${address(block)}\` has logging turned off (\`enable_logging = false\`).`,
        });
    }
  },
});
