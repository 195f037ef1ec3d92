import { defineCheck } from '../../check.js';
import { resources } from '../../parsers/terraform.js';
import { address, literalLower } from '../tf-hcl.js';

/** An RDS instance (or Aurora cluster instance) with `publicly_accessible = true`. */
export const tfAwsRdsPublic = defineCheck({
  meta: {
    id: 'tf-aws-rds-public',
    kind: 'terraform',
    title: 'RDS database publicly accessible',
    severity: 'high',
    cwe: ['CWE-284'],
    owasp: 'A05:2021',
    description:
      'A publicly accessible database gets a public DNS name and IP address: with a permissive security group it is reachable from the internet, where database ports are brute-forced and exploited continuously.',
    remediation:
      'Set `publicly_accessible = false` (the default), place the database in private subnets (`db_subnet_group_name`) and reach it from the application, a bastion or SSM port forwarding.',
    references: [
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2',
    ],
  },
  check(doc, report) {
    const blocks = [
      ...resources(doc, 'aws_db_instance'),
      ...resources(doc, 'aws_rds_cluster_instance'),
    ].sort((a, b) => a.line - b.line);
    for (const block of blocks) {
      const attribute = block.attributes.get('publicly_accessible');
      if (attribute && literalLower(block, 'publicly_accessible') === 'true')
        report({
          line: attribute.line,
          column: attribute.column,
          message: `\`${address(block)}\` is publicly accessible (\`publicly_accessible = true\`).`,
        });
    }
  },
});
