import { defineCheck } from '../../check.js';
import { resources } from '../../parsers/terraform.js';
import { address, literalLower } from '../tf-hcl.js';

/** A storage account allowing public blobs, or a container with public access. */
export const tfAzureStoragePublic = defineCheck({
  meta: {
    id: 'tf-azure-storage-public',
    kind: 'terraform',
    title: 'Azure storage allows public blob access',
    severity: 'high',
    cwe: ['CWE-732'],
    owasp: 'A01:2021',
    description:
      'Anonymous public read access lets anyone on the internet read blobs (and, with `container` access, list them) without any credential: a common cause of data leaks.',
    remediation:
      'Disallow public access on the account, `allow_nested_items_to_be_public = false` (azurerm 3+; `allow_blob_public_access = false` on 2.x), and keep containers private: `container_access_type = "private"`; share data with SAS tokens or through a CDN instead.',
    references: [
      'https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent',
      'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_container',
    ],
  },
  check(doc, report) {
    const blocks = [
      ...resources(doc, 'azurerm_storage_account'),
      ...resources(doc, 'azurerm_storage_container'),
    ].sort((a, b) => a.line - b.line);
    for (const block of blocks) {
      if (block.labels[0] === 'azurerm_storage_account') {
        for (const name of ['allow_nested_items_to_be_public', 'allow_blob_public_access']) {
          const attribute = block.attributes.get(name);
          if (attribute && literalLower(block, name) === 'true')
            report({
              line: attribute.line,
              column: attribute.column,
              message: `\`${address(block)}\` allows public blob access (\`${name} = true\`).`,
            });
        }
      } else {
        const attribute = block.attributes.get('container_access_type');
        const value = literalLower(block, 'container_access_type');
        if (attribute && (value === 'blob' || value === 'container'))
          report({
            line: attribute.line,
            column: attribute.column,
            message: `\`${address(block)}\` is public (\`container_access_type = "${value}"\`): anyone can read its blobs${value === 'container' ? ' and list them' : ''}.`,
          });
      }
    }
  },
});
