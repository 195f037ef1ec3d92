import type { DastIssue, DastRule, Exchange, SiteCheck, SiteContext } from '../../types.js';
import { Prober, probeDirectories } from './probe.js';

const MAX_DIRECTORIES = 10;

/** A dotenv file with the app's configuration (usually secrets) is served. */
export const EXPOSED_ENV: DastRule = {
  id: 'dast/exposed-env',
  title: 'Environment file (.env) exposed',
  severity: 'high',
  cwe: ['CWE-538'],
  owasp: 'A05:2021',
  remediation: [
    'The web server serves a `.env` file, which typically holds database passwords, API keys and signing secrets.',
    '',
    '- Keep `.env` outside the web root, and never copy it into the served folder or the image layer that is served.',
    '- nginx: `location ~ /\\.(?!well-known) { deny all; }`. Apache: `<FilesMatch "^\\."> Require all denied </FilesMatch>`. Express: `express.static(dir, { dotfiles: \'deny\' })`.',
    '- In production, prefer the platform secret store or real environment variables over files.',
    '',
    'Rotate every credential the file contained: assume it has been read.',
  ].join('\n'),
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/538.html',
  ],
};

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=/;

/**
 * The variable names of a dotenv file, or undefined when the text is not one: most
 * meaningful lines must be `KEY=value` assignments with mostly upper-case keys, and HTML
 * never is.
 */
export function dotenvKeys(text: string): string[] | undefined {
  if (/^\s*</.test(text)) return undefined;
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) return undefined;
  const keys = lines.map((l) => ASSIGNMENT.exec(l)?.[1]).filter((k) => k !== undefined);
  if (keys.length / lines.length < 0.6) return undefined;
  const upper = keys.filter((k) => k === k.toUpperCase() && /[A-Z]/.test(k));
  if (upper.length === 0 || upper.length / keys.length < 0.5) return undefined;
  return keys;
}

/** The exchange with every value of the file replaced, so the report shows only names. */
function redacted(exchange: Exchange): Exchange {
  const body = exchange.response.body
    .split(/\r?\n/)
    .map((line) =>
      line.replace(/^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.]*\s*=).*$/, '$1[redacted]'),
    )
    .join('\n');
  return { ...exchange, response: { ...exchange.response, body } };
}

/** Probes `.env` at the root and in each first-level directory seen during discovery. */
export const exposedEnvCheck: SiteCheck = {
  id: 'exposed-env',
  rules: [EXPOSED_ENV],
  async *run(site: SiteContext): AsyncGenerator<DastIssue> {
    const prober = new Prober(site);
    for (const dir of probeDirectories(site, MAX_DIRECTORIES)) {
      if (prober.stopped) return;
      const exchange = await prober.found(`${dir}.env`);
      if (!exchange || exchange.response.contentType.includes('html')) continue;
      const keys = dotenvKeys(exchange.response.body.slice(0, 100_000));
      if (keys === undefined) continue;
      const shown = keys.slice(0, 20);
      yield {
        ruleId: EXPOSED_ENV.id,
        method: 'GET',
        url: exchange.request.url,
        confidence: 'high',
        exchange: redacted(exchange),
        proof: `${shown[0] ?? ''}=[redacted]`,
        message: `${exchange.request.url} is served and defines ${keys.length} variable(s): ${shown.join(', ')}${keys.length > shown.length ? ', …' : ''} (values not shown).`,
        details: { keys: shown, count: keys.length },
      };
    }
  },
};
