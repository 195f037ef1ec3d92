import { crc32 } from '../../engine/checksums.js';
import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const uuid = (seed: string): string =>
  [8, 4, 4, 4, 12].map((n, i) => fake('hex', n, `${seed}-${i}`)).join('-');

function grafanaToken(seed: string): string {
  const body = `glsa_${fake('base62', 32, seed)}`;
  const le = Buffer.alloc(4);
  le.writeUInt32LE(crc32(body));
  return `${body}_${le.toString('hex')}`;
}

const glc = `glc_${Buffer.from(JSON.stringify({ o: '123456', n: 'stack-123-alloy', k: fake('base62', 24, 'glc-k'), m: { r: 'prod-eu-west-0' } })).toString('base64')}`;
const glsa = grafanaToken('grafana-sa');
const nrak = `NRAK-${fake('upperDigits', 27, 'nrak')}`;
const nrii = `NRII-${fake('base64url', 32, 'nrii')}`;
const nral = `${fake('hex', 36, 'nral')}NRAL`;
const claim = Buffer.from(
  JSON.stringify({
    iat: 1700000000.5,
    url: 'https://sentry.io',
    region_url: 'https://us.sentry.io',
    org: 'acme',
  }),
).toString('base64');
const sntrys = `sntrys_${claim}_${fake('base64', 43, 'sntrys')}`;
const sntryu = `sntryu_${fake('hex', 64, 'sntryu')}`;
const ddApi = fake('hex', 32, 'dd-api');
const ddApp = fake('hex', 40, 'dd-app');
const dt = `dt0c01.${fake('upperDigits', 24, 'dt-1')}.${fake('upperDigits', 64, 'dt-2')}`;
const hc = `hcaik_01${fake('lowerDigits', 56, 'honeycomb')}`;
const hec = uuid('splunk');

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'grafana-cloud-token',
    positive: [
      {
        name: 'a token in Alloy config',
        text: `basic_auth {\n  password = "${glc}"\n}`,
        secret: glc,
      },
    ],
    negative: [
      { name: 'a short value', text: `password = "glc_${fake('base62', 12, 'glc-short')}"` },
    ],
  },
  {
    id: 'grafana-service-account-token',
    positive: [
      { name: 'a token in .env', text: `GRAFANA_SERVICE_ACCOUNT_TOKEN=${glsa}\n`, secret: glsa },
      {
        name: 'a token in an Authorization header',
        text: `Authorization: Bearer ${glsa}`,
        secret: glsa,
      },
    ],
    negative: [
      {
        name: 'a token with a wrong checksum',
        text: `GRAFANA_TOKEN=glsa_${fake('base62', 32, 'glsa-bad')}_${fake('hex', 8, 'glsa-bad-2')}`,
      },
    ],
  },
  {
    id: 'newrelic-user-api-key',
    positive: [{ name: 'a key in .env', text: `NEW_RELIC_API_KEY=${nrak}\n`, secret: nrak }],
    negative: [
      {
        name: 'a lowercase key',
        text: `NEW_RELIC_API_KEY=NRAK-${fake('lowerDigits', 27, 'nrak-lower')}`,
      },
    ],
  },
  {
    id: 'newrelic-insert-key',
    positive: [{ name: 'a key in a header', text: `X-Insert-Key: ${nrii}`, secret: nrii }],
    negative: [
      { name: 'a short key', text: `X-Insert-Key: NRII-${fake('base62', 16, 'nrii-short')}` },
    ],
  },
  {
    id: 'newrelic-license-key',
    positive: [
      {
        name: 'a key in newrelic.yml',
        text: `common: &default_settings\n  license_key: '${nral}'\n`,
        secret: nral,
      },
    ],
    negative: [
      {
        name: 'a key with non-hex body',
        text: `license_key: '${fake('upperDigits', 36, 'nral-bad')}NRAL'`,
      },
    ],
  },
  {
    id: 'sentry-org-auth-token',
    positive: [
      { name: 'a token in .sentryclirc', text: `[auth]\ntoken=${sntrys}\n`, secret: sntrys },
    ],
    negative: [
      { name: 'a token without its secret part', text: `SENTRY_AUTH_TOKEN=sntrys_${claim}` },
    ],
  },
  {
    id: 'sentry-user-auth-token',
    positive: [{ name: 'a token in .env', text: `SENTRY_AUTH_TOKEN=${sntryu}\n`, secret: sntryu }],
    negative: [{ name: 'a truncated token', text: `SENTRY_AUTH_TOKEN=${sntryu.slice(0, 40)}` }],
  },
  {
    id: 'datadog-api-key',
    positive: [
      { name: 'a key in .env', text: `DD_API_KEY=${ddApi}\n`, secret: ddApi },
      {
        name: 'a key in Helm values',
        text: `datadog:\n  datadog_api_key: "${ddApi}"`,
        secret: ddApi,
      },
    ],
    negative: [
      { name: 'a 32-hex value with no Datadog context', text: `api_key = "${ddApi}"` },
      { name: 'a name that only contains dd', text: `ADD_API_KEY=${ddApi}` },
    ],
  },
  {
    id: 'datadog-app-key',
    positive: [{ name: 'a key in .env', text: `DD_APP_KEY=${ddApp}\n`, secret: ddApp }],
    negative: [{ name: 'an API key (32 hex) under an app key name', text: `DD_APP_KEY=${ddApi}` }],
  },
  {
    id: 'dynatrace-api-token',
    positive: [{ name: 'a token in a header', text: `Authorization: Api-Token ${dt}`, secret: dt }],
    negative: [
      {
        name: 'a token with a short secret part',
        text: `Api-Token dt0c01.${fake('upperDigits', 24, 'dt-3')}.${fake('upperDigits', 30, 'dt-4')}`,
      },
    ],
  },
  {
    id: 'honeycomb-api-key',
    positive: [
      {
        name: 'an OTLP header',
        text: `OTEL_EXPORTER_OTLP_HEADERS="x-honeycomb-team=${hc}"`,
        secret: hc,
      },
    ],
    negative: [
      {
        name: 'a masked key',
        text: `x-honeycomb-team=hcaik_01${fake('lowerDigits', 14, 'hc-mask')}${'x'.repeat(30)}${fake('lowerDigits', 12, 'hc-mask-2')}`,
      },
    ],
  },
  {
    id: 'splunk-hec-token',
    positive: [
      {
        name: 'a HEC header',
        text: `curl -H "Authorization: Splunk ${hec}" https://splunk.acme.test:8088/services/collector`,
        secret: hec,
      },
      { name: 'a token in .env', text: `SPLUNK_HEC_TOKEN=${hec}\n`, secret: hec },
    ],
    negative: [{ name: 'a UUID with no Splunk context', text: `token: ${hec}` }],
  },
];
