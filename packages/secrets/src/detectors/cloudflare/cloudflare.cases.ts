import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const token = fake('base64url', 40, 'cf-token');
const globalKey = fake('hex', 37, 'cf-global');
const originCa = `v1.0-${fake('hex', 24, 'cf-ca-1')}-${fake('hex', 146, 'cf-ca-2')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'cloudflare-api-token',
    positive: [
      { name: 'a token in .env', text: `CLOUDFLARE_API_TOKEN=${token}\n`, secret: token },
      {
        name: 'a token in a GitHub Actions step',
        text: `env:\n  CF_API_TOKEN: "${token}"`,
        secret: token,
      },
      {
        name: 'a token in Terraform',
        text: `provider "cloudflare" {\n  api_token = "x"\n}\ncloudflare_token = "${token}"`,
        secret: token,
      },
    ],
    negative: [
      { name: 'a 40-character value with no Cloudflare context', text: `API_TOKEN=${token}` },
      { name: 'a value one character long', text: `CLOUDFLARE_API_TOKEN=${token}x` },
      { name: 'a low-entropy value', text: `CLOUDFLARE_API_TOKEN=${'abcd'.repeat(10)}` },
    ],
  },
  {
    id: 'cloudflare-global-api-key',
    positive: [
      { name: 'a key in .env', text: `CLOUDFLARE_API_KEY=${globalKey}\n`, secret: globalKey },
      {
        name: 'a key in a curl header',
        text: `curl -H "X-Auth-Email: ops@acme.test" -H "X-Auth-Key: ${globalKey}" https://api.cloudflare.com/client/v4/zones`,
        secret: globalKey,
      },
    ],
    negative: [
      { name: 'a 37-hex value with no context', text: `key=${globalKey}` },
      { name: 'a 40-hex value', text: `CLOUDFLARE_API_KEY=${fake('hex', 40, 'cf-40')}` },
    ],
  },
  {
    id: 'cloudflare-origin-ca-key',
    positive: [{ name: 'a key in .env', text: `CF_ORIGIN_CA_KEY=${originCa}\n`, secret: originCa }],
    negative: [{ name: 'a truncated key', text: `CF_ORIGIN_CA_KEY=${originCa.slice(0, 120)}` }],
  },
];
