import type { ActiveCheck, DastIssue, DastRule, Endpoint, Param } from '../../types.js';
import { createProbe, nameLooksLike } from './checks-b-support.js';

/** The path traversal rule. */
export const PATH_TRAVERSAL_RULE: DastRule = {
  id: 'dast/path-traversal',
  title: 'Path traversal: a parameter reads arbitrary files',
  severity: 'high',
  cwe: ['CWE-22'],
  owasp: 'A01:2021',
  remediation: [
    'Never build a file path from request input. Prefer an allowlist that maps an identifier',
    'to a file (`{ "report": "reports/2024.pdf" }`). When a name must be used, resolve it and',
    'check that the result stays inside the intended directory:',
    '',
    '```ts',
    'const full = path.resolve(baseDir, name);',
    "if (!full.startsWith(baseDir + path.sep)) throw new Error('invalid path');",
    '```',
    '',
    'Decode the input fully before checking it, and run the application with a user that',
    'cannot read system files.',
  ].join('\n'),
  references: [
    'https://owasp.org/www-community/attacks/Path_Traversal',
    'https://cwe.mitre.org/data/definitions/22.html',
    'https://cheatsheetseries.owasp.org/cheatsheets/Input_Validation_Cheat_Sheet.html',
  ],
};

interface TraversalPayload {
  readonly value: string;
  readonly file: 'passwd' | 'win.ini';
  readonly technique: string;
}

const DEEP = 8; // eight levels reach the root from any usual web root; extra `..` stay at `/`.

/**
 * Ordered by how often they work; parameters that do not look like files only get the
 * first {@link SHORT_LIST} payloads.
 */
const PAYLOADS: readonly TraversalPayload[] = [
  { value: `${'../'.repeat(DEEP)}etc/passwd`, file: 'passwd', technique: 'dot-dot-slash' },
  { value: '/etc/passwd', file: 'passwd', technique: 'absolute path' },
  {
    value: `${'....//'.repeat(DEEP)}etc/passwd`,
    file: 'passwd',
    technique: 'nested ../ (filter bypass)',
  },
  { value: `${'..%2f'.repeat(DEEP)}etc%2fpasswd`, file: 'passwd', technique: 'encoded slash' },
  { value: `${'%2e%2e/'.repeat(DEEP)}etc/passwd`, file: 'passwd', technique: 'encoded dots' },
  {
    value: `${'..\\'.repeat(DEEP)}windows\\win.ini`,
    file: 'win.ini',
    technique: 'backslash (Windows)',
  },
];

/** Payloads for parameters whose name and value do not suggest a file. */
const SHORT_LIST = 2;
/** Parameters per endpoint that do not look like files and still get the short list. */
const MAX_OTHER_PARAMS = 6;

/** How each target file is named in messages. */
const SHOWN_FILE = { passwd: '/etc/passwd', 'win.ini': 'win.ini' } as const;

const SIGNATURES: Readonly<Record<TraversalPayload['file'], RegExp>> = {
  passwd: /root:[x*!]?:0:0:[^\n]*/,
  'win.ini': /\[(?:fonts|extensions|mci extensions)\]/i,
};

const FILE_NAMES = new Set([
  'f',
  'p',
  'fn',
  'src',
  'dir',
  'folder',
  'load',
  'read',
  'show',
  'view',
]);
const FILE_WORDS = new Set([
  'file',
  'filename',
  'filepath',
  'path',
  'name',
  'doc',
  'document',
  'page',
  'template',
  'tpl',
  'include',
  'inc',
  'download',
  'attachment',
  'image',
  'img',
  'lang',
  'locale',
  'style',
  'theme',
  'layout',
  'report',
  'resource',
  'log',
]);

function looksLikeFile(param: Param): boolean {
  if (nameLooksLike(param.name, FILE_NAMES, FILE_WORDS)) return true;
  // `report.pdf`, `docs/intro.md`, `../x`: a value with an extension or a directory part.
  return /(?:^|[/\\])[\w-]+\.[a-z0-9]{1,5}$/i.test(param.value) || /[/\\]/.test(param.value);
}

/**
 * Injects `../` sequences (plain, encoded, nested, Windows) and absolute paths into each
 * parameter and reports when a system file's content (`/etc/passwd`, `win.ini`) appears
 * that the unmodified request does not show. Parameters that look like files get every
 * payload; up to {@link MAX_OTHER_PARAMS} others get the two most common ones, which keeps
 * the cost bounded on endpoints with many fields.
 */
export const pathTraversalCheck: ActiveCheck = {
  id: 'path-traversal',
  rules: [PATH_TRAVERSAL_RULE],
  async *run(endpoint: Endpoint, ctx) {
    const probe = createProbe(endpoint, ctx);
    const fileLike = endpoint.params.filter(looksLikeFile);
    const others = endpoint.params.filter((p) => !looksLikeFile(p)).slice(0, MAX_OTHER_PARAMS);
    const plan = [
      ...fileLike.map((param) => ({ param, payloads: PAYLOADS })),
      ...others.map((param) => ({ param, payloads: PAYLOADS.slice(0, SHORT_LIST) })),
    ];
    for (const { param, payloads } of plan) {
      for (const payload of payloads) {
        if (probe.stopped) return;
        const exchange = await probe.send(ctx.inject(endpoint, param, payload.value));
        if (!exchange) continue;
        const proof = SIGNATURES[payload.file].exec(exchange.response.body)?.[0];
        if (proof === undefined) continue;
        const baseline = await probe.baseline();
        if (baseline && SIGNATURES[payload.file].test(baseline.response.body)) continue;
        const issue: DastIssue = {
          ruleId: PATH_TRAVERSAL_RULE.id,
          message: `Parameter "${param.name}" reads files outside the intended directory: the response to "${payload.value}" contains ${SHOWN_FILE[payload.file]}.`,
          confidence: 'high',
          method: endpoint.method,
          url: endpoint.url,
          parameter: param.name,
          payload: payload.value,
          exchange,
          proof,
          details: { file: payload.file, technique: payload.technique, location: param.in },
        };
        yield issue;
        break;
      }
    }
  },
};
