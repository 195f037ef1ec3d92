import { defineCheck } from '../../check.js';
import { resources } from '../../parsers/terraform.js';
import { address, literalLower } from '../tf-hcl.js';

/** A CloudTrail trail that records one region only. */
export const tfAwsCloudtrailSingleRegion = defineCheck({
  meta: {
    id: 'tf-aws-cloudtrail-single-region',
    kind: 'terraform',
    title: 'CloudTrail trail limited to one region',
    severity: 'low',
    cwe: ['CWE-778'],
    owasp: 'A09:2021',
    description:
      'A single-region trail (`is_multi_region_trail` false, the default) records API activity in its home region only: resources created or credentials misused in any other region, often one nobody watches, leave no audit trail.',
    remediation:
      'Set `is_multi_region_trail = true` on the account or organization trail, so that every region, including ones enabled later, is logged: `resource "aws_cloudtrail" "main" { name = "main"  s3_bucket_name = aws_s3_bucket.trail.id  is_multi_region_trail = true  include_global_service_events = true  enable_log_file_validation = true }`.',
    references: [
      'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail',
    ],
  },
  check(doc, report) {
    const trails = resources(doc, 'aws_cloudtrail');
    // One multi-region trail logs every region: further single-region trails (a region's data
    // events, say) add to it and are not reported.
    if (trails.some((b) => literalLower(b, 'is_multi_region_trail') === 'true')) return;
    for (const block of trails) {
      const attribute = block.attributes.get('is_multi_region_trail');
      if (!attribute)
        report({
          line: block.line,
          column: block.column,
          message: `\`${address(block)}\` logs its own region only (\`is_multi_region_trail\` is not set, and defaults to false).`,
        });
      else if (literalLower(block, 'is_multi_region_trail') === 'false')
        report({
          line: attribute.line,
          column: attribute.column,
          message: `\`${address(block)}\` logs its own region only (\`is_multi_region_trail = false\`).`,
        });
    }
  },
});
