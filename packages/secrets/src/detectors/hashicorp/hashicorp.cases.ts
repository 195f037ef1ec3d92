import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const service = `hvs.${fake('base64url', 95, 'vault-hvs')}`;
const batch = `hvb.${fake('base64url', 160, 'vault-hvb')}`;
const legacy = `s.${fake('base62', 24, 'vault-legacy')}`;
const atlas = `${fake('base62', 14, 'tfc-1')}.atlasv1.${fake('base64url', 67, 'tfc-2')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'vault-service-token',
    positive: [
      { name: 'a token in .env', text: `VAULT_TOKEN=${service}\n`, secret: service },
      {
        name: 'a token in a curl header',
        text: `curl -H "X-Vault-Token: ${service}" https://vault.acme.test/v1/secret/data/app`,
        secret: service,
      },
    ],
    negative: [
      { name: 'a short hvs. value', text: `VAULT_TOKEN=hvs.${fake('base62', 24, 'vault-short')}` },
      { name: 'a low-entropy value', text: `VAULT_TOKEN=hvs.${'ab'.repeat(48)}` },
    ],
  },
  {
    id: 'vault-batch-token',
    positive: [{ name: 'a token in YAML', text: `vault:\n  token: ${batch}\n`, secret: batch }],
    negative: [{ name: 'a truncated token', text: `token: ${batch.slice(0, 100)}` }],
  },
  {
    id: 'vault-legacy-token',
    positive: [
      { name: 'a token in .env', text: `VAULT_TOKEN=${legacy}\n`, secret: legacy },
      {
        name: 'a token in a header',
        text: `headers = {"X-Vault-Token": "${legacy}"}`,
        secret: legacy,
      },
    ],
    negative: [
      { name: 'an s. value with no Vault context', text: `session = "${legacy}"` },
      { name: 'a low-entropy value', text: `VAULT_TOKEN=s.${'ab'.repeat(12)}` },
    ],
  },
  {
    id: 'terraform-cloud-api-token',
    positive: [
      {
        name: 'a token in .terraformrc',
        text: `credentials "app.terraform.io" {\n  token = "${atlas}"\n}`,
        secret: atlas,
      },
      { name: 'a token in .env', text: `TF_TOKEN_app_terraform_io=${atlas}\n`, secret: atlas },
    ],
    negative: [
      {
        name: 'a token with a short tail',
        text: `token = "${fake('base62', 14, 'tfc-3')}.atlasv1.${fake('base62', 20, 'tfc-4')}"`,
      },
    ],
  },
];
