import type { DastIssue, DastRule, SiteCheck, SiteContext } from '../../types.js';
import { Prober } from './probe.js';

/** Backup and editor-leftover suffixes, most common first. */
export const BACKUP_SUFFIXES: readonly string[] = ['.bak', '~', '.old', '.orig'];

/** Backup probes sent at most (soft-404 baselines come on top, one per directory and suffix). */
const MAX_PROBES = 30;

/** A backup copy of a served file is downloadable. */
export const BACKUP_FILE: DastRule = {
  id: 'dast/backup-file',
  title: 'Backup file exposed',
  severity: 'medium',
  cwe: ['CWE-530'],
  owasp: 'A05:2021',
  remediation: [
    'A backup or editor copy of a file (`.bak`, `~`, `.old`, `.orig`) is served. For server-side code this discloses the source (and often credentials) instead of running it.',
    '',
    '- Delete the copies from the server, and deploy from a clean build (CI artefact, image), never by editing files in place.',
    '- Deny backup suffixes: nginx `location ~* (\\.(bak|old|orig|swp)|~)$ { deny all; }`; Apache `<FilesMatch "(\\.(bak|old|orig|swp)|~)$"> Require all denied </FilesMatch>`.',
    '',
    'Review what the exposed copies contained and rotate any credential in them.',
  ].join('\n'),
  references: [
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information',
    'https://cwe.mitre.org/data/definitions/530.html',
  ],
};

/** Server-side code and configuration: their backups disclose what users never see. */
const SERVER_SIDE =
  /\.(?:php\d?|phtml|inc|aspx?|ashx|asmx|jspx?|do|action|cfm|cgi|pl|py|rb|config|conf|cfg|ini|xml|ya?ml|json|properties|sql|env)$/i;

/** Assets whose backups are not worth a request. */
const SKIP =
  /\.(?:png|jpe?g|gif|webp|avif|svg|ico|bmp|woff2?|ttf|eot|otf|mp[34]|webm|pdf|zip|gz|map|css)$/i;

/** What betrays source code rather than its output. */
const SOURCE_MARKERS =
  /<\?php|<%[@=]?|^#!\/|<\/?(?:cfset|cfquery)\b|\b(?:require_once|include_once)\s*\(/m;

/**
 * The file-like URLs of the site to probe, deduplicated by path, server-side code and
 * configuration first.
 */
export function backupCandidates(site: SiteContext): URL[] {
  const seen = new Set<string>();
  const out: URL[] = [];
  for (const href of site.urls) {
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      continue;
    }
    if (url.origin !== site.origin) continue;
    url.search = '';
    url.hash = '';
    const name = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
    if (!/^[^.].*\.[A-Za-z0-9]{1,8}$/.test(name) || SKIP.test(name)) continue;
    if (BACKUP_SUFFIXES.some((s) => name.endsWith(s)) || seen.has(url.pathname)) continue;
    seen.add(url.pathname);
    out.push(url);
  }
  const rank = (u: URL) => (SERVER_SIDE.test(u.pathname) ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b));
}

/**
 * Probes backup copies (`.bak`, `~`, `.old`, `.orig`) of the files seen during discovery,
 * at most 30 probes, ignoring what matches the server's answer for a path that cannot exist.
 */
export const backupFileCheck: SiteCheck = {
  id: 'backup-file',
  rules: [BACKUP_FILE],
  async *run(site: SiteContext): AsyncGenerator<DastIssue> {
    const prober = new Prober(site);
    let probes = 0;
    for (const file of backupCandidates(site)) {
      for (const suffix of BACKUP_SUFFIXES) {
        if (prober.stopped || probes >= MAX_PROBES) return;
        probes++;
        const exchange = await prober.found(`${file.href}${suffix}`);
        if (!exchange || exchange.response.body.trim() === '') continue;
        const source = SOURCE_MARKERS.exec(exchange.response.body.slice(0, 100_000));
        const serverSide = SERVER_SIDE.test(file.pathname);
        yield {
          ruleId: BACKUP_FILE.id,
          method: 'GET',
          url: exchange.request.url,
          confidence: source ? 'high' : 'medium',
          ...(source && serverSide ? { severity: 'high' as const } : {}),
          exchange,
          ...(source ? { proof: source[0] } : {}),
          message: source
            ? `A backup of ${file.pathname} is served with its source code (${exchange.request.url}).`
            : `A backup copy of ${file.pathname} is served (${exchange.request.url}).`,
          details: { original: file.href, suffix },
        };
        // One backup per file is enough to show the problem.
        break;
      }
    }
  },
};
