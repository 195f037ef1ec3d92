import type { DastIssue, DastRule, SiteCheck, SiteContext } from '../../types.js';
import { Prober, probeDirectories } from './probe.js';

/** How many directories are probed (the root included). */
const MAX_DIRECTORIES = 10;

/** The `.git` folder is served: the whole source history can be downloaded. */
export const EXPOSED_GIT: DastRule = {
  id: 'dast/exposed-git',
  title: 'Git repository exposed',
  severity: 'high',
  cwe: ['CWE-527'],
  owasp: 'A05:2021',
  remediation: [
    'The web server serves the `.git` directory, so anyone can rebuild the source code and its history (tools like git-dumper do it in seconds), including any secret ever committed.',
    '',
    '- Deploy a build artefact (`git archive`, a container image) instead of a checkout, or keep the checkout outside the web root.',
    '- nginx: `location ~ /\\.(?!well-known) { deny all; }`',
    '- Apache: `RedirectMatch 404 /\\.git` (or `<DirectoryMatch "/\\.git"> Require all denied </DirectoryMatch>`).',
    "- Express: `express.static(dir, { dotfiles: 'deny' })` (or `'ignore'`, the default) and never serve the project root.",
    '',
    'Then rotate every secret in the repository history.',
  ].join('\n'),
  references: [
    'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information',
    'https://cwe.mitre.org/data/definitions/527.html',
  ],
};

/** The files probed in each directory, and what their content must look like. */
const FILES: readonly { readonly path: string; readonly signature: RegExp }[] = [
  { path: '.git/HEAD', signature: /^(?:ref: refs\/[^\s]+|[0-9a-f]{40})\s*$/ },
  { path: '.git/config', signature: /^\s*\[core\][^\n]*\n(?:\s*\w+\s*=[^\n]*\n?)+/m },
];

/**
 * Probes `.git/HEAD` (then `.git/config`) at the root and in each first-level directory seen
 * during discovery, and reports one finding per exposed repository.
 */
export const exposedGitCheck: SiteCheck = {
  id: 'exposed-git',
  rules: [EXPOSED_GIT],
  async *run(site: SiteContext): AsyncGenerator<DastIssue> {
    const prober = new Prober(site);
    for (const dir of probeDirectories(site, MAX_DIRECTORIES)) {
      for (const file of FILES) {
        if (prober.stopped) return;
        const exchange = await prober.found(`${dir}${file.path}`);
        const match = exchange && file.signature.exec(exchange.response.body.slice(0, 10_000));
        if (!exchange || !match) continue;
        yield {
          ruleId: EXPOSED_GIT.id,
          method: 'GET',
          url: exchange.request.url,
          confidence: 'high',
          exchange,
          proof: match[0].trim().split('\n')[0] ?? match[0],
          message: `The Git repository under ${new URL(dir).pathname} is downloadable: ${file.path} is served.`,
          details: { file: file.path },
        };
        break;
      }
    }
  },
};
