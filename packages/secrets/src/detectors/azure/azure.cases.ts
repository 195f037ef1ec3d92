import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const storageKey = `${fake('base64', 86, 'az-storage')}==`;
const cosmosKey = `${fake('base64', 86, 'az-cosmos')}==`;
// Azurite's published development key, split so that no scanner sees it whole in this file.
const azuriteKey = [
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsu',
  'Fq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
].join('');
const sigRaw = `${fake('base64', 43, 'az-sas')}=`;
const sig = encodeURIComponent(sigRaw);
const sasKey = `${fake('base64', 43, 'az-sb')}=`;
const entra = `${fake('base62', 3, 'az-entra-1')}8Q~${fake('base64url', 34, 'az-entra-2')}`;
const pat = `${fake('base62', 52, 'az-pat-1')}JQQJ${fake('base62', 20, 'az-pat-2')}AZDO${fake('base62', 4, 'az-pat-3')}`;
const legacy = fake('abcdefghijklmnopqrstuvwxyz234567', 52, 'az-pat-legacy');

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'azure-storage-account-key',
    positive: [
      {
        name: 'a key in a connection string',
        text: `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${storageKey};EndpointSuffix=core.windows.net"`,
        secret: storageKey,
      },
      {
        name: 'a key in an az CLI call',
        text: `az storage blob list --account-name acme --account-key "${storageKey}" -c logs`,
        secret: storageKey,
      },
      { name: 'a key in .env', text: `AZURE_STORAGE_KEY=${storageKey}\n`, secret: storageKey },
    ],
    negative: [
      {
        name: "Azurite's published development key",
        text: `UseDevelopmentStorage: DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${azuriteKey};`,
      },
      {
        name: 'a Cosmos DB connection string (its own detector)',
        text: `AccountEndpoint=https://acme.documents.azure.com:443/;AccountKey=${storageKey};`,
      },
      { name: 'a key one character short', text: `AccountKey=${storageKey.slice(1)}` },
    ],
  },
  {
    id: 'azure-cosmosdb-key',
    positive: [
      {
        name: 'a Cosmos DB connection string',
        text: `"CosmosDb": "AccountEndpoint=https://acme-prod.documents.azure.com:443/;AccountKey=${cosmosKey};"`,
        secret: cosmosKey,
      },
      { name: 'a key in .env', text: `COSMOS_KEY=${cosmosKey}\n`, secret: cosmosKey },
    ],
    negative: [
      { name: 'a key with no Cosmos DB context', text: `primary_key = "${cosmosKey}"` },
      { name: 'a low-entropy key', text: `COSMOS_KEY=${'AbCd'.repeat(21)}Ab==` },
    ],
  },
  {
    id: 'azure-sas-token',
    positive: [
      {
        name: 'a blob SAS URL',
        text: `https://acme.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&sig=${sig}`,
        secret: sig,
      },
      {
        name: 'a SAS in a connection string',
        text: `BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2021-06-08&sp=r&se=2030-01-01&sig=${sigRaw}`,
        secret: sigRaw,
      },
    ],
    negative: [
      {
        name: 'a sig= parameter without a SAS version',
        text: `https://example.org/callback?id=1&sig=${sig}`,
      },
      {
        name: 'a truncated signature',
        text: `?sv=2022-11-02&sp=r&sig=${fake('base62', 20, 'az-sas-short')}`,
      },
    ],
  },
  {
    id: 'azure-shared-access-key',
    positive: [
      {
        name: 'a Service Bus connection string',
        text: `SERVICEBUS_CONNECTION=Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sasKey}`,
        secret: sasKey,
      },
      {
        name: 'an IoT Hub connection string in JSON',
        text: `{"iotHub": "HostName=acme.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=${sasKey}"}`,
        secret: sasKey,
      },
    ],
    negative: [
      {
        name: 'a policy name only',
        text: 'SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=',
      },
      { name: 'a placeholder key', text: 'SharedAccessKey=<your-shared-access-key>' },
    ],
  },
  {
    id: 'azure-entra-client-secret',
    positive: [
      { name: 'a secret in .env', text: `AZURE_CLIENT_SECRET=${entra}\n`, secret: entra },
      {
        name: 'a secret in appsettings.json',
        text: `"AzureAd": { "ClientSecret": "${entra}" }`,
        secret: entra,
      },
    ],
    negative: [
      {
        name: 'a value too short after the marker',
        text: `AZURE_CLIENT_SECRET=abc8Q~${fake('base62', 20, 'az-entra-short')}`,
      },
      {
        name: 'a marker inside a longer token',
        text: `x=${fake('base62', 10, 'az-entra-long')}8Q~${fake('base62', 34, 'az-entra-long-2')}`,
      },
    ],
  },
  {
    id: 'azure-devops-pat',
    positive: [
      {
        name: 'a token in a pipeline variable',
        text: `AZURE_DEVOPS_EXT_PAT: ${pat}\n`,
        secret: pat,
      },
    ],
    negative: [
      { name: 'a token without the AZDO signature', text: `token=${pat.replace('AZDO', 'AZDX')}` },
    ],
  },
  {
    id: 'azure-devops-pat-legacy',
    positive: [
      { name: 'a token in .env', text: `AZURE_DEVOPS_PAT=${legacy}\n`, secret: legacy },
      { name: 'a token in YAML', text: `ado_token: "${legacy}"`, secret: legacy },
      {
        name: 'a token in a clone URL',
        text: `git clone https://build:${legacy}@dev.azure.com/acme/app/_git/app`,
        secret: legacy,
      },
    ],
    negative: [
      { name: 'the same value with no Azure DevOps context', text: `token=${legacy}` },
      { name: 'an uppercase value', text: `AZURE_DEVOPS_PAT=${legacy.toUpperCase()}` },
      { name: 'a word containing "ado"', text: `tornado_token=${legacy}` },
    ],
  },
];
