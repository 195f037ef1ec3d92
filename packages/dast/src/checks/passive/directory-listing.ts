import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';
import { isSuccess } from './passive-util.js';

/** The server lists a directory's files. */
export const DIRECTORY_LISTING: DastRule = {
  id: 'dast/directory-listing',
  title: 'Directory listing enabled',
  severity: 'medium',
  cwe: ['CWE-548'],
  owasp: 'A05:2021',
  remediation: [
    'Turn off automatic directory indexes, so files nobody links to (backups, configs, uploads) cannot be found by browsing:',
    '',
    '- nginx: remove `autoindex on;` (it is off by default).',
    '- Apache: `Options -Indexes` in the `<Directory>` block or `.htaccess`.',
    '- Express: drop `serve-index`; `express.static` does not list directories.',
    '- IIS: `<directoryBrowse enabled="false" />`.',
    '- Python: do not serve a directory with `python -m http.server` outside development.',
  ].join('\n'),
  references: [
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information',
    'https://cwe.mitre.org/data/definitions/548.html',
  ],
};

/**
 * Listing signatures: each is specific to the page a server generates (a heading or title
 * with the directory path), never a phrase that prose could contain on its own.
 */
const SIGNATURES: readonly { readonly server: string; readonly pattern: RegExp }[] = [
  {
    // Apache and nginx autoindex; Apache adds "Parent Directory", nginx a "../" link.
    server: 'Apache/nginx autoindex',
    pattern:
      /<title>\s*Index of \/[^<]*<\/title>[\s\S]*?<h1>\s*Index of \/[^<]*<\/h1>|<h1>\s*Index of \/[^<]*<\/h1>[\s\S]*?(?:Parent Directory|<a href="\.\.\/">\.\.\/<\/a>)/i,
  },
  {
    server: 'Python http.server',
    pattern:
      /<title>\s*Directory listing for \/[^<]*<\/title>[\s\S]*?<h1>\s*Directory listing for/i,
  },
  { server: 'IIS', pattern: /<pre>\s*<a href="[^"]*">\[To Parent Directory\]<\/a>/i },
  { server: 'serve-index (Express)', pattern: /<title>\s*listing directory \/[^<]*<\/title>/i },
  { server: 'Tomcat', pattern: /<title>\s*Directory Listing For \[?\/[^<]*<\/title>/i },
  { server: 'Jetty', pattern: /<title>\s*Directory: \/[^<]*<\/title>/i },
];

/** Which server's listing the page is, if it is one. */
export function listingServer(body: string): { server: string; proof: string } | undefined {
  for (const { server, pattern } of SIGNATURES) {
    const m = pattern.exec(body);
    if (m) {
      // The first element of the signature (the title or heading) is proof enough.
      const head = /^[^\n]{0,200}?<\/(?:title|h1|a)>/i.exec(m[0]) ?? /^[^\n]{0,200}/.exec(m[0]);
      return { server, proof: head?.[0] ?? m[0] };
    }
  }
  return undefined;
}

/** Reports pages that are directory listings (Apache, nginx, Python, IIS, serve-index, Tomcat, Jetty). */
export const directoryListingCheck: PassiveCheck = {
  id: 'directory-listing',
  rules: [DIRECTORY_LISTING],
  inspect(exchange: Exchange): DastIssue[] {
    const { response, request } = exchange;
    if (!isSuccess(response) || !/html|^$/.test(response.contentType)) return [];
    const found = listingServer(response.body);
    if (found === undefined) return [];
    return [
      {
        ruleId: DIRECTORY_LISTING.id,
        method: request.method,
        url: request.url,
        confidence: 'high',
        exchange,
        proof: found.proof,
        message: `The server lists the directory's files (${found.server} directory index).`,
        details: { server: found.server },
      },
    ];
  },
};
