import { defineCheck } from '../../check.js';
import { type HclBlock, resources } from '../../parsers/terraform.js';
import { address, literalLower } from '../tf-hcl.js';

interface Target {
  readonly type: string;
  /** The argument that turns encryption on. */
  readonly flag: string;
  /** When any of these is set, encryption comes from elsewhere (a snapshot, a source, a key). */
  readonly inherits: readonly string[];
  /** Blocks with the same meaning. */
  readonly inheritBlocks: readonly string[];
  readonly what: string;
}

const TARGETS: readonly Target[] = [
  {
    type: 'aws_ebs_volume',
    flag: 'encrypted',
    inherits: ['snapshot_id', 'kms_key_id'],
    inheritBlocks: [],
    what: 'EBS volume',
  },
  {
    type: 'aws_db_instance',
    flag: 'storage_encrypted',
    inherits: ['replicate_source_db', 'snapshot_identifier', 'kms_key_id'],
    inheritBlocks: ['restore_to_point_in_time', 's3_import'],
    what: 'RDS instance storage',
  },
  {
    type: 'aws_rds_cluster',
    flag: 'storage_encrypted',
    inherits: [
      'snapshot_identifier',
      'replication_source_identifier',
      'global_cluster_identifier',
      'kms_key_id',
      'source_region',
    ],
    inheritBlocks: ['restore_to_point_in_time', 's3_import'],
    what: 'RDS cluster storage',
  },
];

/** Encryption is unspecified and nothing else (a snapshot, a source, the engine) decides it. */
function defaultsToUnencrypted(block: HclBlock, target: Target): boolean {
  if (target.inherits.some((a) => block.attributes.has(a))) return false;
  if (block.blocks.some((b) => target.inheritBlocks.includes(b.type))) return false;
  // Aurora Serverless v1 clusters are always encrypted; a non-literal mode is not guessed.
  if (target.type === 'aws_rds_cluster' && block.attributes.has('engine_mode')) {
    const mode = literalLower(block, 'engine_mode');
    return mode !== undefined && mode !== 'serverless';
  }
  return true;
}

/** EBS volumes and RDS storage left unencrypted (explicitly, or by the provider's default). */
export const tfAwsUnencryptedStorage = defineCheck({
  meta: {
    id: 'tf-aws-unencrypted-storage',
    kind: 'terraform',
    title: 'EBS volume or RDS storage not encrypted',
    severity: 'medium',
    cwe: ['CWE-311'],
    owasp: 'A02:2021',
    description:
      'The volume or database storage is not encrypted at rest, nor are its snapshots and backups: whoever gets a snapshot shared, copied or leaked reads the data, and compliance frameworks (PCI DSS, HIPAA, SOC 2) require encryption.',
    remediation:
      'Set `encrypted = true` on `aws_ebs_volume` (or turn on `aws_ebs_encryption_by_default`) and `storage_encrypted = true` on `aws_db_instance` / `aws_rds_cluster`, optionally with `kms_key_id = aws_kms_key.data.arn`. An existing database must be migrated through an encrypted snapshot copy.',
    references: [
      'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3',
    ],
  },
  check(doc, report) {
    const ebsByDefault = resources(doc, 'aws_ebs_encryption_by_default').some(
      (b) => (literalLower(b, 'enabled') ?? 'true') === 'true',
    );
    const blocks = TARGETS.flatMap((target) =>
      resources(doc, target.type).map((block) => ({ block, target })),
    ).sort((a, b) => a.block.line - b.block.line);
    for (const { block, target } of blocks) {
      if (target.type === 'aws_ebs_volume' && ebsByDefault) continue;
      const flag = block.attributes.get(target.flag);
      const value = literalLower(block, target.flag);
      if (flag && value === 'false')
        report({
          line: flag.line,
          column: flag.column,
          message: `\`${address(block)}\`: ${target.what} is not encrypted (\`${target.flag} = false\`).`,
        });
      else if (!flag && defaultsToUnencrypted(block, target))
        report({
          line: block.line,
          column: block.column,
          message: `\`${address(block)}\`: ${target.what} is not encrypted (\`${target.flag}\` is not set and defaults to false).`,
        });
    }
  },
});
