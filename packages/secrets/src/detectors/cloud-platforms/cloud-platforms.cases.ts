import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const uuid = (seed: string): string =>
  [8, 4, 4, 4, 12].map((n, i) => fake('hex', n, `${seed}-${i}`)).join('-');

const aliId = `LTAI${fake('base62', 20, 'ali-id')}`;
const aliSecret = fake('base62', 30, 'ali-secret');
const ibm = fake('base64url', 44, 'ibm-key');
const linode = fake('hex', 64, 'linode');
const scwAccess = `SCW${fake('upperDigits', 17, 'scw-access')}`;
const scwSecret = uuid('scw-secret');
const fastly = fake('base64url', 32, 'fastly');

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'alibaba-access-key-id',
    positive: [
      { name: 'an id in .env', text: `ALIBABA_CLOUD_ACCESS_KEY_ID=${aliId}\n`, secret: aliId },
    ],
    negative: [
      {
        name: 'an id that is too short',
        text: `ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI${fake('base62', 8, 'ali-short')}`,
      },
      { name: 'a low-entropy id', text: `id=LTAI${'ab'.repeat(8)}` },
    ],
  },
  {
    id: 'alibaba-access-key-secret',
    positive: [
      {
        name: 'a key pair in .env',
        text: `ALIBABA_CLOUD_ACCESS_KEY_ID=${aliId}\nALIBABA_CLOUD_ACCESS_KEY_SECRET=${aliSecret}\n`,
        secret: aliSecret,
      },
      {
        name: 'a key pair in a Java config',
        text: `config.accessKeyId = "${aliId}";\nconfig.accessKeySecret = "${aliSecret}";`,
        secret: aliSecret,
      },
    ],
    negative: [
      {
        name: 'a secret with no AccessKey ID nearby',
        text: `ALIBABA_CLOUD_ACCESS_KEY_SECRET=${aliSecret}\n`,
      },
      {
        name: 'a 32-character value',
        text: `ALIBABA_CLOUD_ACCESS_KEY_ID=${aliId}\naccessKeySecret=${fake('base62', 32, 'ali-32')}`,
      },
    ],
  },
  {
    id: 'ibm-cloud-api-key',
    positive: [
      { name: 'a key in .env', text: `IBM_CLOUD_API_KEY=${ibm}\n`, secret: ibm },
      { name: 'a key for the Terraform provider', text: `export IC_API_KEY="${ibm}"`, secret: ibm },
      { name: 'a key on the CLI', text: `ibmcloud login -r us-south --apikey ${ibm}`, secret: ibm },
    ],
    negative: [
      { name: 'a 44-character value with no IBM context', text: `API_KEY=${ibm}` },
      { name: 'a low-entropy value', text: `IBM_CLOUD_API_KEY=${'abcd'.repeat(11)}` },
    ],
  },
  {
    id: 'linode-api-token',
    positive: [
      { name: 'a token in .env', text: `LINODE_TOKEN=${linode}\n`, secret: linode },
      { name: 'a token in Terraform', text: `linode_api_token = "${linode}"`, secret: linode },
    ],
    negative: [
      { name: 'a 64-hex value with no Linode context', text: `sha256 = "${linode}"` },
      { name: 'a 63-hex value', text: `LINODE_TOKEN=${linode.slice(1)}` },
    ],
  },
  {
    id: 'scaleway-access-key',
    positive: [
      { name: 'an access key in .env', text: `SCW_ACCESS_KEY=${scwAccess}\n`, secret: scwAccess },
    ],
    negative: [
      {
        name: 'a lowercase value',
        text: `SCW_ACCESS_KEY=scw${fake('lowerDigits', 17, 'scw-lower')}`,
      },
      { name: 'a value too long', text: `SCW_ACCESS_KEY=${scwAccess}A` },
    ],
  },
  {
    id: 'scaleway-secret-key',
    positive: [
      { name: 'a secret in .env', text: `SCW_SECRET_KEY=${scwSecret}\n`, secret: scwSecret },
      {
        name: 'a secret in a config file',
        text: `scaleway_secret_key: "${scwSecret}"`,
        secret: scwSecret,
      },
    ],
    negative: [
      { name: 'a UUID with no Scaleway context', text: `SECRET_KEY=${scwSecret}` },
      { name: 'a Scaleway project id', text: `SCW_DEFAULT_PROJECT_ID=${scwSecret}` },
    ],
  },
  {
    id: 'fastly-api-token',
    positive: [
      { name: 'a token in .env', text: `FASTLY_API_TOKEN=${fastly}\n`, secret: fastly },
      { name: 'a token in a CI YAML', text: `  fastly_key: '${fastly}'`, secret: fastly },
    ],
    negative: [
      { name: 'a value with no Fastly context', text: `API_TOKEN=${fastly}` },
      {
        name: 'a service id (22 characters)',
        text: `FASTLY_SERVICE_ID=${fake('base62', 22, 'fastly-svc')}`,
      },
    ],
  },
];
