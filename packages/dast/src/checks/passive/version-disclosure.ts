import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';
import { headerLine, originOf } from './passive-util.js';

/** Response headers name the server software (and its version). */
export const VERSION_DISCLOSURE: DastRule = {
  id: 'dast/version-disclosure',
  title: 'Server software and version disclosed in headers',
  severity: 'low',
  cwe: ['CWE-200'],
  owasp: 'A05:2021',
  remediation: [
    'Stop announcing the framework and its version; it tells attackers which known vulnerabilities to try.',
    '',
    "- Express: `app.disable('x-powered-by')` (or `app.use(helmet())`).",
    '- nginx: `server_tokens off;`',
    '- Apache: `ServerTokens Prod` and `ServerSignature Off`.',
    '- PHP: `expose_php = Off` in php.ini.',
    '- ASP.NET: `<httpRuntime enableVersionHeader="false" />`, remove `X-Powered-By` in IIS and `removeServerHeader` in `requestFiltering`.',
    '',
    'Hiding versions is not a fix for outdated software: keep it patched too.',
  ].join('\n'),
  references: [
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/01-Information_Gathering/02-Fingerprint_Web_Server',
    'https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/200.html',
  ],
};

/** Headers that disclose the stack whatever their value. */
const ALWAYS = ['x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version'];

/** Whether a Server value carries a version (`Apache/2.4.1`, `nginx/1.2`, `Microsoft-IIS/10.0`). */
export function hasVersion(value: string): boolean {
  return /\/\s*v?\d/.test(value) || /\b\d+\.\d+(?:\.\d+)?\b/.test(value);
}

/**
 * Reports `X-Powered-By` (and the ASP.NET version headers) always, and `Server` when it
 * carries a version number. One finding per origin and header value.
 */
export const versionDisclosureCheck: PassiveCheck = {
  id: 'version-disclosure',
  rules: [VERSION_DISCLOSURE],
  inspect(exchange: Exchange): DastIssue[] {
    const { response, request } = exchange;
    const issues: DastIssue[] = [];
    for (const name of ['server', ...ALWAYS]) {
      const value = response.headers.get(name)?.trim();
      if (!value) continue;
      if (name === 'server' && !hasVersion(value)) continue;
      issues.push({
        ruleId: VERSION_DISCLOSURE.id,
        method: request.method,
        url: request.url,
        parameter: name,
        confidence: 'high',
        exchange,
        proof: headerLine(name, value),
        groupKey: `${originOf(request.url)} ${name}: ${value}`,
        message: `The ${name} header discloses the server software: "${value}".`,
        details: { header: name, value },
      });
    }
    return issues;
  },
};
