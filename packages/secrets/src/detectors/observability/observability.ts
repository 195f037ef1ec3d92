import type { Detector } from '../../detector.js';
import { crc32 } from '../../engine/checksums.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Grafana service-account tokens end with the CRC-32 of `glsa_<random>`, its bytes little-endian, in hex. */
function hasGrafanaChecksum(token: string): boolean {
  const cut = token.lastIndexOf('_');
  const value = crc32(token.slice(0, cut));
  const bytes = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join('') === token.slice(cut + 1);
}

function assigned(context: string, value: string): RegExp {
  return new RegExp(`${context}["']?\\s{0,5}(?:[:=]|=>)\\s{0,5}["']?(?<secret>${value})\\b`, 'i');
}

/** Observability platforms: Grafana, New Relic, Sentry, Datadog, Dynatrace, Honeycomb, Splunk. */
export const observabilityDetectors: readonly Detector[] = [
  {
    id: 'grafana-cloud-token',
    provider: 'Grafana Labs',
    title: 'Grafana Cloud access policy token',
    severity: 'high',
    keywords: ['glc_'],
    pattern: /\b(?<secret>glc_[A-Za-z0-9+/]{32,400}={0,2})(?![A-Za-z0-9+/=])/,
    minEntropy: 4.5,
    remediation:
      'Delete the token at Grafana Cloud portal → Security → Access Policies → the policy → the token, check the usage of the ' +
      'stacks it reaches, create a replacement with the fewest scopes and an expiry, and store the new one in a secret manager.',
    references: [
      'https://grafana.com/docs/grafana-cloud/account-management/authentication-and-permissions/access-policies/',
    ],
  },
  {
    id: 'grafana-service-account-token',
    provider: 'Grafana Labs',
    title: 'Grafana service account token',
    severity: 'high',
    keywords: ['glsa_'],
    pattern: /\b(?<secret>glsa_[A-Za-z0-9]{32}_[a-f0-9]{8})\b/,
    validate: hasGrafanaChecksum,
    remediation:
      'Delete the token at Grafana → Administration → Users and access → Service accounts → the account → Tokens, ' +
      'create a replacement with an expiry (and the lowest role that works), and store the new one in a secret manager.',
    references: ['https://grafana.com/docs/grafana/latest/administration/service-accounts/'],
  },
  {
    id: 'newrelic-user-api-key',
    provider: 'New Relic',
    title: 'New Relic user API key',
    severity: 'high',
    keywords: ['NRAK-'],
    pattern: /\b(?<secret>NRAK-[A-Z0-9]{27})\b/,
    minEntropy: 3.8,
    remediation:
      'Delete the key at New Relic → user menu → API keys (or NerdGraph `apiAccessDeleteKeys`), create a new user key, ' +
      'and store the new one in a secret manager.',
    references: ['https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/'],
  },
  {
    id: 'newrelic-insert-key',
    provider: 'New Relic',
    title: 'New Relic Insights insert key',
    severity: 'medium',
    keywords: ['NRII-'],
    pattern: /\b(?<secret>NRII-[A-Za-z0-9_-]{32})(?![A-Za-z0-9_-])/,
    minEntropy: 4,
    remediation:
      'An insert key writes (fake) telemetry into the account. Delete it at New Relic → API keys → the key → Delete, use a ' +
      'license (ingest) key instead, and store the new one in a secret manager.',
    references: ['https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/'],
  },
  {
    id: 'newrelic-license-key',
    provider: 'New Relic',
    title: 'New Relic license (ingest) key',
    severity: 'medium',
    keywords: ['NRAL'],
    pattern: /\b(?<secret>[a-f0-9]{36}NRAL)\b/,
    minEntropy: 3.3,
    remediation:
      'A license key sends data to the account and cannot read it. Create a new ingest key at New Relic → API keys, roll it out to ' +
      'agents, then delete the leaked one, and store the new one in a secret manager.',
    references: ['https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/#license-key'],
  },
  {
    id: 'sentry-org-auth-token',
    provider: 'Sentry',
    title: 'Sentry organization auth token',
    severity: 'high',
    keywords: ['sntrys_'],
    // `sntrys_` + base64 of a JSON claim (`{"iat":…,"url":…,"org":…}`) + `_` + the 43-character secret.
    pattern:
      /\b(?<secret>sntrys_eyJ[A-Za-z0-9+/]{40,600}={0,2}_[A-Za-z0-9+/]{43})(?![A-Za-z0-9+/])/,
    minEntropy: 4.5,
    remediation:
      'Revoke the token at Sentry → Settings → Developer Settings → Organization Tokens (or Auth Tokens), create a replacement ' +
      'with only the scopes it needs (usually release and source map upload), and store the new one in a secret manager (or CI secret).',
    references: ['https://docs.sentry.io/account/auth-tokens/'],
  },
  {
    id: 'sentry-user-auth-token',
    provider: 'Sentry',
    title: 'Sentry user auth token',
    severity: 'high',
    keywords: ['sntryu_'],
    pattern: /\b(?<secret>sntryu_[a-f0-9]{64})\b/,
    minEntropy: 3.5,
    remediation:
      'Revoke the token at Sentry → User settings → Personal Tokens, create a replacement with the fewest scopes, ' +
      'and store the new one in a secret manager.',
    references: ['https://docs.sentry.io/account/auth-tokens/'],
  },
  {
    id: 'datadog-api-key',
    provider: 'Datadog',
    title: 'Datadog API key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['datadog', 'dd_api_key', 'dd-api-key'],
    pattern: assigned(
      '(?:datadog[\\w.-]{0,20}?api[_-]?key|(?<![a-z0-9])dd[_-]api[_-]?key)',
      '[a-f0-9]{32}',
    ),
    minEntropy: 3.3,
    remediation:
      'An API key submits metrics, logs and events to the organisation. Revoke it at Datadog → Organization Settings → API Keys ' +
      '(create the new key first and roll agents over), and store the new one in a secret manager.',
    references: ['https://docs.datadoghq.com/account_management/api-app-keys/'],
  },
  {
    id: 'datadog-app-key',
    provider: 'Datadog',
    title: 'Datadog application key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['datadog', 'dd_app_key', 'dd-app-key', 'dd_application_key'],
    pattern: assigned(
      '(?:datadog[\\w.-]{0,20}?app(?:lication)?[_-]?key|(?<![a-z0-9])dd[_-]app(?:lication)?[_-]?key)',
      '[a-f0-9]{40}',
    ),
    minEntropy: 3.3,
    remediation:
      "An application key reads and changes the organisation (dashboards, monitors, logs) with its owner's rights. Revoke it at " +
      'Datadog → Organization Settings → Application Keys (or Personal Settings → Application Keys), create a scoped replacement, ' +
      'and store the new one in a secret manager.',
    references: ['https://docs.datadoghq.com/account_management/api-app-keys/'],
  },
  {
    id: 'dynatrace-api-token',
    provider: 'Dynatrace',
    title: 'Dynatrace API token',
    severity: 'high',
    keywords: ['dt0c01.'],
    pattern: /\b(?<secret>dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})\b/,
    minEntropy: 4,
    remediation:
      'Delete or disable the token at Dynatrace → Access tokens (the public part `dt0c01.<id>` identifies it), or call ' +
      '`DELETE /api/v2/apiTokens/{id}`; create a replacement with the fewest scopes and an expiry, and store the new one in a secret manager.',
    references: [
      'https://docs.dynatrace.com/docs/dynatrace-api/basics/dynatrace-api-authentication',
    ],
  },
  {
    id: 'honeycomb-api-key',
    provider: 'Honeycomb',
    title: 'Honeycomb ingest or configuration key',
    severity: 'medium',
    keywords: ['hcaik_', 'hcaic_'],
    pattern: /\b(?<secret>hcai[kc]_[a-z0-9]{58})\b/,
    minEntropy: 4,
    remediation:
      'Disable and delete the key at Honeycomb → Environment settings → API Keys, create a replacement with only the permissions ' +
      'it needs, and store the new one in a secret manager.',
    references: ['https://docs.honeycomb.io/configure/environments/manage-api-keys/'],
  },
  {
    id: 'splunk-hec-token',
    provider: 'Splunk',
    title: 'Splunk HTTP Event Collector token',
    severity: 'medium',
    confidence: 'medium',
    keywords: ['splunk'],
    pattern: new RegExp(
      `(?:splunk[\\w.-]{0,20}?token["']?\\s{0,5}(?:[:=]|=>)\\s{0,5}["']?|Splunk\\s{1,3})(?<secret>${UUID})\\b`,
      'i',
    ),
    minEntropy: 3.3,
    remediation:
      'A HEC token writes events into the indexes it allows. Disable and delete it at Splunk → Settings → Data inputs → HTTP Event ' +
      'Collector (Splunk Cloud: the same page or the ACS API), create a new one limited to its index, and store the new one in a secret manager.',
    references: [
      'https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector',
    ],
  },
];
