import type { Check } from '../check.js';
import { tfAwsCloudtrailDisabled } from './tf-aws-cloudtrail-disabled/index.js';
import { tfAwsCloudtrailSingleRegion } from './tf-aws-cloudtrail-single-region/index.js';
import { tfAwsIamWildcardPolicy } from './tf-aws-iam-wildcard-policy/index.js';
import { tfAwsRdsPublic } from './tf-aws-rds-public/index.js';
import { tfAwsS3NoPublicAccessBlock } from './tf-aws-s3-no-public-access-block/index.js';
import { tfAwsS3PublicAcl } from './tf-aws-s3-public-acl/index.js';
import { tfAwsSecurityGroupOpenAdminPort } from './tf-aws-security-group-open-admin-port/index.js';
import { tfAwsUnencryptedStorage } from './tf-aws-unencrypted-storage/index.js';
import { tfAzureNsgOpen } from './tf-azure-nsg-open/index.js';
import { tfAzureStoragePublic } from './tf-azure-storage-public/index.js';
import { tfGcpFirewallOpen } from './tf-gcp-firewall-open/index.js';
import { tfGcpPublicBucket } from './tf-gcp-public-bucket/index.js';

/** The Terraform checks. */
export const TERRAFORM_CHECKS: readonly Check<'terraform'>[] = [
  tfAwsS3PublicAcl,
  tfAwsSecurityGroupOpenAdminPort,
  tfAwsIamWildcardPolicy,
  tfAwsS3NoPublicAccessBlock,
  tfAwsUnencryptedStorage,
  tfAwsRdsPublic,
  tfAwsCloudtrailDisabled,
  tfAwsCloudtrailSingleRegion,
  tfGcpPublicBucket,
  tfGcpFirewallOpen,
  tfAzureStoragePublic,
  tfAzureNsgOpen,
];
