import { defineCheck } from '../../check.js';
import { resources } from '../../parsers/terraform.js';
import { address, literalItems } from '../tf-hcl.js';

const PUBLIC: Readonly<Record<string, string>> = {
  allUsers: 'anyone on the internet',
  allAuthenticatedUsers: 'anyone with a Google account',
};

/** Resource type → the attribute naming who gets access, and how a public principal looks. */
const GRANTS: readonly { type: string; field: string; principal: (v: string) => string }[] = [
  { type: 'google_storage_bucket_iam_member', field: 'member', principal: (v) => v },
  { type: 'google_storage_bucket_iam_binding', field: 'members', principal: (v) => v },
  { type: 'google_storage_bucket_access_control', field: 'entity', principal: (v) => v },
  { type: 'google_storage_default_object_access_control', field: 'entity', principal: (v) => v },
  { type: 'google_storage_object_access_control', field: 'entity', principal: (v) => v },
  // `role_entity = ["READER:allUsers"]`
  {
    type: 'google_storage_bucket_acl',
    field: 'role_entity',
    principal: (v) => v.slice(v.indexOf(':') + 1),
  },
  {
    type: 'google_storage_default_object_acl',
    field: 'role_entity',
    principal: (v) => v.slice(v.indexOf(':') + 1),
  },
];

/** A Cloud Storage IAM grant or ACL to allUsers / allAuthenticatedUsers. */
export const tfGcpPublicBucket = defineCheck({
  meta: {
    id: 'tf-gcp-public-bucket',
    kind: 'terraform',
    title: 'Cloud Storage bucket is public',
    severity: 'high',
    cwe: ['CWE-732'],
    owasp: 'A01:2021',
    description:
      'The bucket grants a role to allUsers (anyone on the internet) or allAuthenticatedUsers (anyone with a Google account): its objects can be read, or written, by anyone.',
    remediation:
      'Grant roles to specific members only (`member = "serviceAccount:app@project.iam.gserviceaccount.com"`, `group:…`), enable uniform bucket-level access and public access prevention: `uniform_bucket_level_access = true` and `public_access_prevention = "enforced"` on `google_storage_bucket`; serve public content through a load balancer or signed URLs.',
    references: [
      'https://cloud.google.com/storage/docs/public-access-prevention',
      'https://cloud.google.com/storage/docs/access-control/iam',
      'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket_iam',
    ],
  },
  check(doc, report) {
    const blocks = GRANTS.flatMap((grant) =>
      resources(doc, grant.type).map((block) => ({ block, grant })),
    ).sort((a, b) => a.block.line - b.block.line);
    for (const { block, grant } of blocks) {
      const blockRole = literalItems(block.attributes.get('role'))[0]?.value;
      for (const item of literalItems(block.attributes.get(grant.field))) {
        const value = item.value.trim();
        const principal = grant.principal(value);
        const who = PUBLIC[principal];
        if (!who) continue;
        const role = principal === value ? blockRole : value.slice(0, value.indexOf(':'));
        const what = role ? ` \`${role}\`` : '';
        report({
          line: item.line,
          column: item.column,
          message: `\`${address(block)}\` grants${what} to \`${principal}\` (${who}).`,
        });
      }
    }
  },
});
