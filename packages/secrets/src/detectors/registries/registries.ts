import type { Detector } from '../../detector.js';
import { decodeBase64Text, hasBase62Crc32Suffix } from '../../engine/checksums.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const NPM_REVOKE =
  'Revoke the token at https://www.npmjs.com/settings/~/tokens (or `npm token revoke <id>`), check the recent ' +
  'versions of every package it could publish, create a granular token limited to those packages with an ' +
  'expiry (or publish from CI with trusted publishing), and store the new one in a secret manager.';

/** `user:password` after base64 decoding, as `.npmrc` `_auth` holds it. */
function isBasicCredential(value: string): boolean {
  const decoded = decodeBase64Text(value);
  return decoded !== undefined && /^[^:\s]{1,100}:[^\s]{1,200}$/.test(decoded);
}

/** Package registry credentials: npm, PyPI, NuGet, RubyGems, Docker Hub, JFrog, crates.io, Clojars. */
export const registriesDetectors: readonly Detector[] = [
  {
    id: 'npm-access-token',
    provider: 'npm',
    title: 'npm access token',
    severity: 'critical',
    keywords: ['npm_'],
    pattern: /\b(?<secret>npm_[A-Za-z0-9]{36})\b/,
    validate: (s) => hasBase62Crc32Suffix(s, 4),
    remediation: NPM_REVOKE,
    references: ['https://docs.npmjs.com/revoking-access-tokens'],
  },
  {
    id: 'npm-legacy-auth-token',
    provider: 'npm',
    title: 'npm legacy auth token in .npmrc',
    severity: 'critical',
    keywords: ['_authToken'],
    pattern: new RegExp(`_authToken\\s{0,3}=\\s{0,3}["']?(?<secret>${UUID})\\b`),
    minEntropy: 3,
    remediation: NPM_REVOKE,
    references: ['https://docs.npmjs.com/cli/configuring-npm/npmrc#auth-related-configuration'],
  },
  {
    id: 'npmrc-basic-auth',
    provider: 'npm',
    title: 'Registry user and password in .npmrc `_auth`',
    severity: 'high',
    keywords: ['_auth'],
    pattern: /(?<![\w-])_auth\s{0,3}=\s{0,3}["']?(?<secret>[A-Za-z0-9+/]{8,300}={0,2})(?![\w+/=])/,
    validate: (s) => isBasicCredential(s),
    remediation:
      'Reset the password of the registry account the `_auth` value decodes to (npm, Artifactory, Nexus or ' +
      'another private registry), replace `_auth` with a scoped `_authToken` read from the NPM_TOKEN ' +
      'environment variable, and store the new one in a secret manager.',
    references: ['https://docs.npmjs.com/cli/configuring-npm/npmrc#auth-related-configuration'],
  },
  {
    id: 'pypi-upload-token',
    provider: 'PyPI',
    title: 'PyPI API token',
    severity: 'critical',
    keywords: ['pypi-AgEIcHlwaS5vcmc'],
    pattern: /\b(?<secret>pypi-AgEIcHlwaS5vcmc[\w-]{50,1000})(?![\w-])/,
    minEntropy: 4,
    remediation:
      'Remove the token at https://pypi.org/manage/account/token/ (PyPI also revokes tokens it is told were ' +
      'published on GitHub), check the release history of the projects it could upload to, publish from CI with ' +
      'Trusted Publishers instead, or make a token scoped to one project and store the new one in a secret ' +
      'manager.',
    references: ['https://pypi.org/help/#apitoken', 'https://docs.pypi.org/trusted-publishers/'],
  },
  {
    id: 'testpypi-upload-token',
    provider: 'PyPI',
    title: 'TestPyPI API token',
    severity: 'medium',
    keywords: ['pypi-AgENdGVzdC5weXBpLm9yZw'],
    pattern: /\b(?<secret>pypi-AgENdGVzdC5weXBpLm9yZw[\w-]{50,1000})(?![\w-])/,
    minEntropy: 4,
    remediation:
      'Delete the token at https://test.pypi.org/manage/account/token/, create a project-scoped one if still ' +
      'needed, and store the new one in a secret manager.',
    references: ['https://packaging.python.org/en/latest/guides/using-testpypi/'],
  },
  {
    id: 'nuget-api-key',
    provider: 'NuGet',
    title: 'nuget.org API key',
    severity: 'critical',
    keywords: ['oy2'],
    pattern: /\b(?<secret>oy2[a-z0-9]{43})\b/,
    minEntropy: 3.7,
    remediation:
      'Delete or regenerate the key at https://www.nuget.org/account/apikeys, check the packages it could push ' +
      'for versions you did not publish, create a key scoped to specific packages with a short expiry (or use ' +
      'trusted publishing), and store the new one in a secret manager.',
    references: ['https://learn.microsoft.com/nuget/nuget-org/scoped-api-keys'],
  },
  {
    id: 'rubygems-api-key',
    provider: 'RubyGems',
    title: 'RubyGems.org API key',
    severity: 'critical',
    keywords: ['rubygems_'],
    pattern: /\b(?<secret>rubygems_[0-9a-f]{48})\b/,
    minEntropy: 3.5,
    remediation:
      'Delete the key at https://rubygems.org/profile/api_keys, check the gems it could push for versions you did ' +
      'not release (`gem yank` them), create a key scoped to one gem with MFA required (or use trusted ' +
      'publishing), and store the new one in a secret manager.',
    references: ['https://guides.rubygems.org/api-key-scopes/'],
  },
  {
    id: 'docker-hub-pat',
    provider: 'Docker',
    title: 'Docker Hub personal access token',
    severity: 'critical',
    keywords: ['dckr_pat_'],
    pattern: /\b(?<secret>dckr_pat_[\w-]{27})(?![\w-])/,
    minEntropy: 3.5,
    remediation:
      'Delete the token in Docker Hub (Account settings > Personal access tokens > the token > Delete), check the ' +
      'repositories it could push for tags you did not push, create a read-only or repository-scoped token, log ' +
      'in again with `docker login --password-stdin`, and store the new one in a secret manager.',
    references: ['https://docs.docker.com/security/access-tokens/'],
  },
  {
    id: 'docker-hub-oat',
    provider: 'Docker',
    title: 'Docker Hub organization access token',
    severity: 'critical',
    keywords: ['dckr_oat_'],
    pattern: /\b(?<secret>dckr_oat_[\w-]{27,64})(?![\w-])/,
    minEntropy: 3.5,
    remediation:
      'Delete the token in Docker Hub (Organization settings > Access tokens > the token > Delete), check the ' +
      'organization repositories for tags you did not push, create a token limited to the repositories it needs, ' +
      'and store the new one in a secret manager.',
    references: ['https://docs.docker.com/security/for-admins/access-tokens/'],
  },
  {
    id: 'artifactory-api-key',
    provider: 'JFrog',
    title: 'JFrog Artifactory API key',
    severity: 'critical',
    keywords: ['AKCp'],
    pattern: /\b(?<secret>AKCp[A-Za-z0-9]{69})\b/,
    minEntropy: 4.5,
    remediation:
      'Revoke the API key (JFrog Platform > Edit Profile > API Key > Revoke, or `DELETE /artifactory/api/security/apiKey`); ' +
      'API keys are deprecated, so replace it with a scoped, expiring access token and store the new one in a ' +
      'secret manager.',
    references: ['https://jfrog.com/help/r/jfrog-platform-administration-documentation/api-key'],
  },
  {
    id: 'artifactory-reference-token',
    provider: 'JFrog',
    title: 'JFrog Platform reference token',
    severity: 'critical',
    keywords: ['cmVmdGtu'],
    pattern: /\b(?<secret>cmVmdGtu[A-Za-z0-9]{56})\b/,
    minEntropy: 4.5,
    validate: (s) => Buffer.from(s.slice(0, 12), 'base64').toString('latin1').startsWith('reftkn:'),
    remediation:
      'Revoke the token (JFrog Platform > Administration > User Management > Access Tokens > Revoke, or ' +
      '`DELETE /access/api/v1/tokens/{id}`), create a new one with the narrowest scope and an expiry, and store ' +
      'the new one in a secret manager.',
    references: [
      'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens',
    ],
  },
  {
    id: 'crates-io-token',
    provider: 'crates.io',
    title: 'crates.io API token',
    severity: 'critical',
    keywords: ['cio'],
    pattern: /\b(?<secret>cio[a-zA-Z0-9]{32})\b/,
    minEntropy: 4,
    remediation:
      'Revoke the token at https://crates.io/settings/tokens, check the crates it could publish for versions you ' +
      'did not release (`cargo yank` them), create a token scoped to those crates with an expiry (or use trusted ' +
      'publishing), run `cargo login` again, and store the new one in a secret manager.',
    references: [
      'https://doc.rust-lang.org/cargo/reference/publishing.html#before-your-first-publish',
    ],
  },
  {
    id: 'clojars-deploy-token',
    provider: 'Clojars',
    title: 'Clojars deploy token',
    severity: 'critical',
    keywords: ['CLOJARS_'],
    pattern: /\b(?<secret>CLOJARS_[a-z0-9]{60})\b/,
    minEntropy: 3.5,
    remediation:
      'Revoke (disable) the token at https://clojars.org/tokens, check the groups it could deploy to for versions you did ' +
      'not release, create a token scoped to one group or jar, and store the new one in a secret manager.',
    references: ['https://github.com/clojars/clojars-web/wiki/Deploy-Tokens'],
  },
];
