import { createHash } from 'node:crypto';
import type { Detector } from '../../detector.js';

/**
 * SHA-256 of the keys that Microsoft publishes for local emulators (Azurite's `devstoreaccount1` and
 * the Cosmos DB emulator). They grant nothing, so they are not findings; hashed so that the keys
 * themselves never appear in this repository.
 */
const EMULATOR_KEY_DIGESTS: ReadonlySet<string> = new Set([
  '0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059',
  'aa6547439583c3a275d4542a0df6c1ad6a863971be9f2a2220f027cc02aef615',
]);

function isEmulatorKey(secret: string): boolean {
  return EMULATOR_KEY_DIGESTS.has(createHash('sha256').update(secret).digest('hex'));
}

/** The text of the match's line before the match: Cosmos DB strings carry `AccountEndpoint=` there. */
function lineBefore(match: RegExpExecArray): string {
  const start = match.input.lastIndexOf('\n', match.index) + 1;
  return match.input.slice(Math.max(start, match.index - 400), match.index);
}

const STORE =
  'and store the new one in a secret manager (Key Vault), or better, switch the client to Microsoft Entra ID with a managed identity.';

/** Microsoft Azure credentials: storage and Cosmos DB keys, SAS tokens, shared access keys, Entra ID secrets, DevOps PATs. */
export const azureDetectors: readonly Detector[] = [
  {
    id: 'azure-storage-account-key',
    provider: 'Microsoft Azure',
    title: 'Azure Storage account key',
    severity: 'critical',
    keywords: [
      'AccountKey=',
      '--account-key',
      'AZURE_STORAGE_KEY',
      'AZURE_STORAGE_ACCOUNT_KEY',
      'StorageAccountKey',
    ],
    pattern:
      /(?:AccountKey=|--account-key[ =]{1,3}["']?|AZURE_STORAGE(?:_ACCOUNT)?_KEY["']?\s{0,5}[:=]\s{0,5}["']?|-StorageAccountKey\s{1,3}["']?)(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/i,
    minEntropy: 4.5,
    validate: (secret, match) =>
      !isEmulatorKey(secret) && !/AccountEndpoint=/i.test(lineBefore(match)),
    remediation:
      'An account key is full control of every blob, file, queue and table in the account, and signs SAS tokens. ' +
      'Rotate it at Azure portal → the storage account → Security + networking → Access keys → Rotate key, or ' +
      '`az storage account keys renew --account-name <name> --resource-group <rg> --key key1` (rotating also invalidates SAS ' +
      'tokens signed with it). Update clients to the other key first, check the storage logs, ' +
      `${STORE} Consider disabling shared key access.`,
    references: [
      'https://learn.microsoft.com/en-us/azure/storage/common/storage-account-keys-manage',
    ],
  },
  {
    id: 'azure-cosmosdb-key',
    provider: 'Microsoft Azure',
    title: 'Azure Cosmos DB account key',
    severity: 'critical',
    keywords: ['documents.azure.com', 'cosmos'],
    pattern:
      /(?:AccountEndpoint=https:\/\/[a-z0-9-]{3,50}\.documents\.azure\.com(?::443)?\/?;\s{0,3}AccountKey=|cosmos(?:db)?[\w.:-]{0,20}?key["']?\s{0,5}[:=]\s{0,5}["']?)(?<secret>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])/i,
    minEntropy: 4.5,
    validate: (secret) => !isEmulatorKey(secret),
    remediation:
      'A primary key reads and writes every database of the account. Regenerate it at Azure portal → the Cosmos DB account → ' +
      'Keys → Regenerate (or `az cosmosdb keys regenerate --name <account> --resource-group <rg> --key-kind primary`) after ' +
      `moving clients to the secondary key, ${STORE}`,
    references: ['https://learn.microsoft.com/en-us/azure/cosmos-db/database-security'],
  },
  {
    id: 'azure-sas-token',
    provider: 'Microsoft Azure',
    title: 'Azure shared access signature (SAS) token',
    severity: 'high',
    keywords: ['sig='],
    // The signature is an HMAC-SHA256 in base64 (43 characters and `=`), usually URL-encoded.
    pattern: /[?&;]sig=(?<secret>(?:[A-Za-z0-9+/]|%2[BbFf]){43}(?:%3[Dd]|=))/,
    minEntropy: 4,
    requires: { pattern: /[?&;="'\s]sv=\d{4}-\d{2}-\d{2}\b/, lines: 1 },
    remediation:
      'A SAS grants what its `sp` permissions say until its `se` expiry. An ad-hoc SAS cannot be revoked by itself: rotate the ' +
      'account key that signed it (Azure portal → storage account → Access keys → Rotate key), or delete or change its stored ' +
      'access policy, or revoke user delegation keys (`az storage account revoke-delegation-keys`). Issue short-lived user ' +
      'delegation SAS tokens at run time instead, and store any long-lived one in a secret manager.',
    references: ['https://learn.microsoft.com/en-us/azure/storage/common/storage-sas-overview'],
  },
  {
    id: 'azure-shared-access-key',
    provider: 'Microsoft Azure',
    title: 'Azure Service Bus / Event Hubs / IoT Hub shared access key',
    severity: 'high',
    keywords: ['SharedAccessKey='],
    pattern: /\bSharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/i,
    minEntropy: 4.2,
    remediation:
      'The key has the rights of its shared access policy (`RootManageSharedAccessKey` can manage the whole namespace). ' +
      'Regenerate it at Azure portal → the namespace or hub → Shared access policies → the policy → Regenerate primary key, or ' +
      '`az servicebus namespace authorization-rule keys renew`, `az eventhubs namespace authorization-rule keys renew`, ' +
      `\`az iot hub policy renew-key\` (switch clients to the secondary key first), ${STORE}`,
    references: [
      'https://learn.microsoft.com/en-us/azure/service-bus-messaging/service-bus-sas',
      'https://learn.microsoft.com/en-us/azure/event-hubs/authenticate-shared-access-signature',
    ],
  },
  {
    id: 'azure-entra-client-secret',
    provider: 'Microsoft Azure',
    title: 'Microsoft Entra ID (Azure AD) application client secret',
    severity: 'critical',
    keywords: ['8Q~', '7Q~'],
    // Current secrets: 3 characters, a version digit and `Q~`, then 31–34 characters (40 in all).
    pattern: /(?<![\w~.-])(?<secret>[A-Za-z0-9_~.]{3}[78]Q~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/,
    minEntropy: 4,
    remediation:
      'The secret signs in as the application (service principal) with all its API permissions and Azure role assignments. ' +
      'Delete it at Microsoft Entra admin center → App registrations → the app → Certificates & secrets, or ' +
      '`az ad app credential delete --id <appId> --key-id <keyId>`; add a new one with `az ad app credential reset --id <appId> --append`. ' +
      'Check the service principal sign-in logs, prefer managed identities or federated credentials (workload identity) ' +
      'to secrets, and store the new one in a secret manager.',
    references: [
      'https://learn.microsoft.com/en-us/entra/identity-platform/how-to-add-credentials',
    ],
  },
  {
    id: 'azure-devops-pat',
    provider: 'Microsoft Azure DevOps',
    title: 'Azure DevOps personal access token',
    severity: 'high',
    keywords: ['AZDO'],
    // The 84-character format (2024+): 52 random characters, `JQQJ`, 20 more, the `AZDO` signature and 4.
    pattern: /\b(?<secret>[A-Za-z0-9]{52}JQQJ[A-Za-z0-9]{20}AZDO[A-Za-z0-9]{4})\b/,
    minEntropy: 4,
    remediation:
      'Revoke the token at https://dev.azure.com/<org>/_usersSettings/tokens (User settings → Personal access tokens → Revoke); ' +
      "organisation admins can revoke any user's PAT in Organization settings → Microsoft Entra. Create a new one with the fewest " +
      'scopes and the shortest expiry, prefer service connections with workload identity federation in pipelines, ' +
      'and store the new one in a secret manager.',
    references: [
      'https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate',
    ],
  },
  {
    id: 'azure-devops-pat-legacy',
    provider: 'Microsoft Azure DevOps',
    title: 'Azure DevOps personal access token (52-character format)',
    severity: 'high',
    confidence: 'medium',
    keywords: [
      'azure',
      'devops',
      'azdo',
      'vsts',
      'ado_',
      'ado-',
      'dev.azure.com',
      'visualstudio.com',
    ],
    // 52 lowercase base32 characters have no prefix: only report them assigned to an Azure DevOps name or in a clone URL.
    pattern:
      /(?:(?:azure(?:[_-]?devops)?|devops|azdo|vsts|(?<![a-z0-9])ado)[\w.-]{0,20}?(?:pat|token|password|pwd)["']?\s{0,5}(?:[:=]|=>)\s{0,5}["']?|https:\/\/[\w.%-]{0,40}:(?=[a-z2-7]{52}@(?:dev\.azure\.com|[\w-]{1,50}\.visualstudio\.com)))(?<secret>[a-z2-7]{52})(?![a-z0-9])/i,
    minEntropy: 4,
    validate: (secret) => secret === secret.toLowerCase(),
    remediation:
      'Revoke the token at https://dev.azure.com/<org>/_usersSettings/tokens (User settings → Personal access tokens → Revoke); ' +
      "organisation admins can revoke any user's PAT in Organization settings → Microsoft Entra. Create a new one with the fewest " +
      'scopes and the shortest expiry, and store the new one in a secret manager.',
    references: [
      'https://learn.microsoft.com/en-us/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate',
    ],
  },
];
