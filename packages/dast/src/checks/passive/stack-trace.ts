import type { DastIssue, DastRule, Exchange, PassiveCheck } from '../../types.js';
import { originOf } from './passive-util.js';

/** An error response shows a stack trace or a framework debug page. */
export const STACK_TRACE: DastRule = {
  id: 'dast/stack-trace',
  title: 'Stack trace or debug page disclosed',
  severity: 'medium',
  cwe: ['CWE-209'],
  owasp: 'A05:2021',
  remediation: [
    'Show users a generic error page and log the details on the server. Never run production with debug mode on.',
    '',
    "- Express: run with `NODE_ENV=production` (the default handler then hides stacks) and register a last error handler: `app.use((err, req, res, next) => { logger.error(err); res.status(500).send('Internal error'); })`.",
    '- Django: `DEBUG = False`. Flask: never `app.run(debug=True)` or `FLASK_DEBUG=1` outside development (the Werkzeug debugger runs code).',
    '- PHP: `display_errors = Off`, `log_errors = On`.',
    '- ASP.NET: `<customErrors mode="RemoteOnly" />`; ASP.NET Core: `app.UseExceptionHandler("/error")`, no `UseDeveloperExceptionPage()` in production.',
    '- Spring Boot: `server.error.include-stacktrace=never`. Rails: `config.consider_all_requests_local = false`.',
  ].join('\n'),
  references: [
    'https://owasp.org/www-community/Improper_Error_Handling',
    'https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/209.html',
  ],
};

/** A trace format: frames matching `line` (at least `min` of them), or a single `marker`. */
interface TraceKind {
  readonly name: string;
  /** A global, multi-line pattern matching one frame. */
  readonly line?: RegExp;
  readonly min?: number;
  /** A pattern that is proof on its own (a debug page's banner, a PHP error with file and line). */
  readonly marker?: RegExp;
  /** Required besides the frames (e.g. Python's "Traceback" header). */
  readonly header?: RegExp;
  /** Whether to match the raw body (debug page HTML) instead of the de-tagged text. */
  readonly raw?: boolean;
}

const KINDS: readonly TraceKind[] = [
  {
    name: 'Django debug page',
    raw: true,
    marker:
      /You(?:'|&#39;|&#x27;|’)re seeing this error because you have <code>DEBUG = True<\/code>/i,
  },
  {
    name: 'Werkzeug/Flask debugger',
    raw: true,
    marker:
      /\/\/ Werkzeug Debugger<\/title>|The debugger caught an exception in your WSGI application/,
  },
  {
    name: 'Rails debug page',
    raw: true,
    marker: /<h1>\s*[\w:]+\s*in [\w:]+#\w+\s*<\/h1>|Action Controller: Exception caught/,
  },
  {
    name: 'ASP.NET error page',
    raw: true,
    marker:
      /Server Error in '[^'\n]*' Application\.[\s\S]{0,5000}?(?:Stack Trace:|Exception Details:)/,
  },
  {
    name: 'Whoops (PHP) debug page',
    raw: true,
    marker: /<title>Whoops! There was an error\.<\/title>/,
  },
  {
    name: 'Python traceback',
    header: /Traceback \(most recent call last\):/,
    line: /^[ \t]*File "[^"\n]+", line \d+(?:, in \S+)?/gm,
    min: 1,
  },
  {
    name: 'PHP error',
    marker:
      /\b(?:Fatal error|Parse error|Warning|Notice|Deprecated|Uncaught [\w\\]+)\s*:[^\n]{0,600}? in (?:\/|[A-Za-z]:\\)[^\s]+\.(?:php|inc|phtml)(?::\d+| on line \d+)/,
  },
  { name: 'PHP stack trace', line: /^#\d+ (?:\/|[A-Za-z]:\\)[^\s(]+\.php\(\d+\): /gm, min: 2 },
  {
    name: 'Java stack trace',
    line: /^[ \t]*at [\w$]+(?:\.[\w$<>-]+)+\((?:[\w$-]+\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\)/gm,
    min: 2,
  },
  {
    name: 'Node.js stack trace',
    line: /^[ \t]*at (?:(?:async |new )?[^\s(),][^(),\n]{0,200} \()?(?:file:\/\/|node:)?[^\s(),]*[\w-]+(?:\.[cm]?[jt]sx?)?:\d+:\d+\)?[ \t]*$/gm,
    min: 2,
  },
  {
    name: '.NET stack trace',
    line: /^[ \t]*at [\w`]+(?:\.[\w`<>]+)+\([^)\n]*\)(?: in [^\n]+:line \d+)?[ \t]*$/gm,
    min: 2,
  },
  {
    name: 'Ruby backtrace',
    line: /^[ \t]*(?:from )?(?:[\w-]+ \([\w.]+\) )?[\w./-]+\.rb:\d+:in [`'][^'\n]+'/gm,
    min: 2,
  },
  {
    name: 'Go panic',
    header: /goroutine \d+ \[[\w ]+\]:/,
    line: /^[ \t]+\/[\w./-]+\.go:\d+/gm,
    min: 1,
  },
];

/** Media types that never hold an error page (scripts, styles, binaries). */
function skipType(contentType: string): boolean {
  if (contentType === '' || contentType.includes('json') || contentType.includes('xml'))
    return false;
  if (contentType === 'text/javascript' || contentType === 'text/css') return true;
  return !contentType.startsWith('text/');
}

/**
 * The body as plain text: tags removed (`<br>` as line breaks), common entities decoded, and
 * JSON string escapes undone (`{"stack":"Error\n    at …"}` is a trace too).
 */
export function plainText(body: string): string {
  return body
    .replace(/\\r\\n|\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\(["\\/])/g, '$1')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&#x27;/gi, "'")
    .replace(/&amp;/g, '&');
}

/** What trace was found, and the text that shows it. */
export interface TraceMatch {
  readonly kind: string;
  readonly frames: number;
  readonly excerpt: string;
}

/** Finds a stack trace or debug page in a response body. */
export function findTrace(body: string): TraceMatch | undefined {
  const raw = body.slice(0, 500_000);
  const text = plainText(raw);
  for (const kind of KINDS) {
    const subject = kind.raw ? raw : text;
    if (kind.header && !kind.header.test(subject)) continue;
    if (kind.marker) {
      const m = kind.marker.exec(subject);
      if (m) return { kind: kind.name, frames: 0, excerpt: m[0].slice(0, 300) };
      continue;
    }
    if (kind.line) {
      const frames = subject.match(kind.line) ?? [];
      if (frames.length >= (kind.min ?? 2)) {
        return { kind: kind.name, frames: frames.length, excerpt: (frames[0] ?? '').trim() };
      }
    }
  }
  return undefined;
}

/** A substring of the raw body that shows the trace, so the evidence excerpt centres on it. */
function proofIn(body: string, excerpt: string): string | undefined {
  if (body.includes(excerpt)) return excerpt;
  const fileRef = /[^\s()"'<>]+:(?:\d+:\d+|line \d+|\d+)/.exec(excerpt)?.[0];
  if (fileRef && body.includes(fileRef)) return fileRef;
  return undefined;
}

/**
 * Reports responses that show a stack trace (Node, Python, Java, .NET, PHP, Ruby, Go; several
 * frames are required so a sentence starting with "at" is not one) or a framework debug page
 * (Django, Werkzeug/Flask, Rails, ASP.NET, Whoops). One finding per origin and path.
 */
export const stackTraceCheck: PassiveCheck = {
  id: 'stack-trace',
  rules: [STACK_TRACE],
  inspect(exchange: Exchange): DastIssue[] {
    const { response, request } = exchange;
    if (response.body === '' || skipType(response.contentType)) return [];
    const found = findTrace(response.body);
    if (found === undefined) return [];
    let path = request.url;
    try {
      path = new URL(request.url).pathname;
    } catch {
      // keep the raw URL
    }
    const proof = proofIn(response.body, found.excerpt);
    return [
      {
        ruleId: STACK_TRACE.id,
        method: request.method,
        url: request.url,
        confidence: 'high',
        exchange,
        ...(proof === undefined ? {} : { proof }),
        groupKey: `${originOf(request.url)}${path}`,
        message:
          found.frames > 0
            ? `The response (HTTP ${response.status}) contains a ${found.kind} (${found.frames} frames), revealing code paths and internals.`
            : `The response (HTTP ${response.status}) is a ${found.kind}, revealing code, configuration and internals.`,
        details: { kind: found.kind, frames: found.frames, status: response.status },
      },
    ];
  },
};
