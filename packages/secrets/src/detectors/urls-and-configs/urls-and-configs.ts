import type { Detector } from '../../detector.js';
import { decodeBase64Text } from '../../engine/checksums.js';
import {
  isDocumentationHost,
  isPlaceholderPassword,
  isReference,
} from '../../engine/literal-value.js';
import { isPlaceholder } from '../../engine/placeholders.js';

const USERINFO = String.raw`[^\s:/?#@'"\x60<>\[\]]`;
const LOCAL_HOST = String.raw`(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)(?=[:/?#,'"\x60\s;]|$)`;

/** `user:password` in base64 (Docker `auth`, npm `_auth`), with both parts present and literal. */
function isBase64UserPassword(value: string): boolean {
  const text = decodeBase64Text(value);
  if (text === undefined) return false;
  const colon = text.indexOf(':');
  if (colon < 1 || colon === text.length - 1) return false;
  const password = text.slice(colon + 1);
  return (
    /^[\x20-\x7e]+$/.test(text) && !isPlaceholderPassword(password) && !isPlaceholder(password)
  );
}

const STORE = 'and store the new one in a secret manager';

/** Credentials in URLs and in the config files of package managers, Docker, Git, netrc, htpasswd and Kubernetes. */
export const urlsAndConfigsDetectors: readonly Detector[] = [
  {
    id: 'url-basic-auth',
    provider: 'URL',
    title: 'Password in a URL (basic-auth userinfo)',
    severity: 'high',
    keywords: ['://'],
    // Loopback hosts are left out: `http://admin:admin@localhost:8080` is a local test service.
    pattern: new RegExp(
      String.raw`\b(?:https?|ftps?|sftp|ssh|git|svn|wss?|smtps?|imaps?|pop3s?|ldaps?|socks5h?)://(?<user>${USERINFO}{0,128}):(?<secret>${USERINFO}{3,128})@(?!${LOCAL_HOST})(?<host>[A-Za-z0-9][A-Za-z0-9_.-]{0,252})`,
      'i',
    ),
    // `anonymous:<e-mail>` is the anonymous FTP convention, not a credential.
    validate: (secret, m) =>
      !isPlaceholderPassword(secret) &&
      !isDocumentationHost(m.groups?.host) &&
      m.groups?.user?.toLowerCase() !== 'anonymous',
    remediation:
      'Change the password (or revoke the token) at the service the URL points at: for Git hosting revoke the personal access token or app password used as the password ' +
      '(GitHub/GitLab/Bitbucket settings → tokens), and remove stored copies from `~/.git-credentials` and CI logs. ' +
      `Pass credentials through a credential helper, an \`Authorization\` header built at run time or \`.netrc\` outside the repository, ${STORE}.`,
    references: [
      'https://git-scm.com/docs/gitcredentials',
      'https://cwe.mitre.org/data/definitions/522.html',
    ],
  },
  {
    id: 'npmrc-auth',
    provider: 'npm',
    title: 'npm registry credentials (`_auth` in .npmrc)',
    severity: 'high',
    keywords: ['_auth'],
    pattern:
      /(?:^|[\s:])_auth[ \t]{0,3}=[ \t]{0,3}["']?(?<secret>[A-Za-z0-9+/]{8,512}={0,2})(?![\w+/=])/m,
    validate: (secret) => isBase64UserPassword(secret),
    remediation:
      "`_auth` is base64 of `user:password` for the registry. Reset that account's password at the registry (npmjs.com, Artifactory, Nexus, Azure Artifacts), " +
      `switch to a scoped automation token in \`\${NPM_TOKEN}\` form, ${STORE}.`,
    references: ['https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration'],
  },
  {
    id: 'npmrc-password',
    provider: 'npm',
    title: 'npm registry password (`_password` in .npmrc)',
    severity: 'high',
    keywords: ['_password'],
    pattern:
      /(?:^|[\s:])_password[ \t]{0,3}=[ \t]{0,3}["']?(?<secret>[A-Za-z0-9+/]{4,512}={0,2})(?![\w+/=])/m,
    validate: (secret) => {
      const text = decodeBase64Text(secret);
      return (
        text !== undefined &&
        /^[\x20-\x7e]+$/.test(text) &&
        !isPlaceholderPassword(text) &&
        !isPlaceholder(text)
      );
    },
    remediation:
      '`_password` is the base64 of the registry password. Change that password at the registry (Artifactory, Nexus, Azure Artifacts, GitHub Packages: revoke the token), ' +
      `reference it as \`\${NPM_PASSWORD}\` instead, ${STORE}.`,
    references: ['https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration'],
  },
  {
    id: 'npmrc-auth-token',
    provider: 'npm',
    title: 'npm registry token (`_authToken` in .npmrc)',
    severity: 'high',
    keywords: ['_authToken'],
    pattern:
      /:_authToken[ \t]{0,3}=[ \t]{0,3}["']?(?<secret>[A-Za-z0-9_.+/=-]{16,512})(?![\w.+/=-])/,
    minEntropy: 3.5,
    validate: (secret) => !isReference(secret),
    remediation:
      'Revoke the token at the registry that issued it (npmjs.com → Access Tokens, `npm token revoke <id>`; GitHub Packages → personal access tokens; Artifactory/Nexus user tokens), ' +
      `write \`//registry/:_authToken=\${NPM_TOKEN}\` in the committed .npmrc, ${STORE}.`,
    references: ['https://docs.npmjs.com/revoking-access-tokens'],
  },
  {
    id: 'pypirc-password',
    provider: 'PyPI',
    title: 'Package index password or token in .pypirc',
    severity: 'high',
    keywords: ['[pypi]', '[testpypi]', '[distutils]', 'index-servers'],
    pattern: /^[ \t]{0,8}password[ \t]{0,4}[=:][ \t]{0,4}(?<secret>\S{1,512})[ \t]*$/im,
    requires: {
      pattern:
        /^\s{0,8}(?:\[(?:pypi|testpypi|distutils)\]|repository\s{0,4}[=:]\s{0,4}https?:|username\s{0,4}[=:]\s{0,4}__token__)/im,
      lines: 6,
    },
    validate: (secret) => !isPlaceholderPassword(secret),
    remediation:
      'Revoke the API token at https://pypi.org/manage/account/token/ (or change the password of the private index), ' +
      `prefer Trusted Publishing (OIDC) from CI so no token exists at all, otherwise pass it as \`TWINE_PASSWORD\`, ${STORE}.`,
    references: [
      'https://packaging.python.org/en/latest/specifications/pypirc/',
      'https://docs.pypi.org/trusted-publishers/',
    ],
  },
  {
    id: 'docker-config-auth',
    provider: 'Docker',
    title: 'Registry credentials in a Docker config.json (`auth`)',
    severity: 'high',
    keywords: ['"auth"'],
    pattern: /"auth"[ \t]{0,3}:[ \t]{0,3}"(?<secret>[A-Za-z0-9+/]{8,2048}={0,2})"/,
    validate: (secret) => isBase64UserPassword(secret),
    remediation:
      '`auth` is base64 of `user:password` (or `user:token`) for the registry. Revoke the token or change the password at the registry ' +
      '(Docker Hub → Account settings → Personal access tokens; GHCR: the GitHub token; ECR/GCR/ACR: the cloud credentials behind it), ' +
      `log in with a credential helper (\`credsStore\`) instead, ${STORE}.`,
    references: ['https://docs.docker.com/reference/cli/docker/login/#credential-stores'],
  },
  {
    id: 'netrc-password',
    provider: 'netrc',
    title: 'Password in a .netrc entry',
    severity: 'high',
    keywords: ['machine'],
    pattern:
      /\bmachine\s{1,20}(?<host>[A-Za-z0-9][\w.-]{0,252})\s{1,20}login\s{1,20}\S{1,256}\s{1,20}password\s{1,20}(?<secret>[^\s"'\x60]{1,256})/,
    validate: (secret, m) => !isPlaceholderPassword(secret) && !isDocumentationHost(m.groups?.host),
    remediation:
      'Change the password or revoke the token at the machine named in the entry (for api.heroku.com, github.com, a Git or artifact server: its token settings page), ' +
      `keep \`.netrc\` in the home directory with mode 600 and out of repositories and images, ${STORE}.`,
    references: ['https://everything.curl.dev/usingcurl/netrc.html'],
  },
  {
    id: 'htpasswd-hash',
    provider: 'Apache',
    title: 'Password hash in an htpasswd file',
    severity: 'low',
    confidence: 'medium',
    keywords: ['$apr1$', '$2y$', '$2a$', '$2b$', '{SHA}'],
    pattern:
      /^[\w.@-]{1,64}:(?<secret>\$apr1\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{22}|\$2[abxy]\$\d{2}\$[./0-9A-Za-z]{53}|\{SHA\}[A-Za-z0-9+/]{27}=)[ \t]*$/m,
    allowPlaceholderWords: true,
    remediation:
      'A hash is not the password, but apr1 and SHA1 hashes are cracked quickly offline. Reset the password of each listed user (`htpasswd -B <file> <user>`), ' +
      `generate the file at deploy time from a secret, ${STORE}.`,
    references: ['https://httpd.apache.org/docs/2.4/misc/password_encryptions.html'],
    cwe: ['CWE-798', 'CWE-916'],
  },
  {
    id: 'kubernetes-secret-data',
    provider: 'Kubernetes',
    title: 'Value in the data of a Kubernetes Secret manifest',
    severity: 'high',
    confidence: 'medium',
    keywords: ['kind: Secret'],
    pattern:
      /^[ \t]{2,8}(?<key>[\w.-]{1,253}):[ \t]{1,4}["']?(?<secret>[A-Za-z0-9+/]{8,8192}={0,2})["']?[ \t]*$/m,
    requires: { pattern: /^kind:[ \t]*["']?Secret["']?[ \t]*$/m, lines: 40 },
    validate: (secret, m) => {
      if (
        /\.(?:crt|pub|cert)$|^ca\.|(?:^|[._-])(?:username|user|host|port|namespace)$/i.test(
          m.groups?.key ?? '',
        )
      )
        return false;
      const text = decodeBase64Text(secret);
      return (
        text !== undefined &&
        text.length >= 6 &&
        /^[\x20-\x7e\t\r\n]+$/.test(text) &&
        !isPlaceholderPassword(text.trim()) &&
        !isPlaceholder(text)
      );
    },
    remediation:
      'Secret `data` is only base64, not encryption. Rotate the value at its source (the database password, API key or token it holds), ' +
      'apply it from an external store instead of a committed manifest (External Secrets Operator, Sealed Secrets, SOPS, or the CSI secrets driver), ' +
      `${STORE}.`,
    references: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
  },
];
