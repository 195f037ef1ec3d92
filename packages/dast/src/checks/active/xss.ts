import { Parser } from 'htmlparser2';
import type {
  ActiveCheck,
  ActiveContext,
  DastIssue,
  DastRule,
  Endpoint,
  Param,
} from '../../types.js';
import { excerptAround, injectableParams, trySend } from './injection-common.js';

/** Reflected cross-site scripting: a request value breaks out of its HTML context unescaped. */
export const XSS_REFLECTED_RULE: DastRule = {
  id: 'dast/xss-reflected',
  title: 'Reflected cross-site scripting (XSS)',
  severity: 'high',
  cwe: ['CWE-79'],
  owasp: 'A03:2021',
  remediation: [
    'Encode every request value for the context it is written into: HTML-escape `<`, `>`, `&`,',
    '`"` and `\'` in text and quoted attributes; always quote attribute values; JavaScript-encode',
    'values written into scripts (e.g. `JSON.stringify` plus escaping `<` as `\\u003c`), and allow',
    'only `http(s):` URLs in `href`/`src`. Prefer a template engine that escapes by default',
    '(React, Vue, Jinja2 autoescape, Go html/template) and never bypass it with raw HTML helpers.',
    'A strict Content-Security-Policy without `unsafe-inline` limits the damage.',
  ].join(' '),
  references: [
    'https://owasp.org/www-community/attacks/xss/',
    'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/79.html',
    'https://developer.mozilla.org/en-US/docs/Web/Security/Attacks/XSS',
  ],
};

/** Where in JavaScript source a position is. */
export type JsState = 'code' | 'single' | 'double' | 'template' | 'line-comment' | 'block-comment';

/** Where in a page a reflected value landed. */
export type XssContext =
  | { readonly kind: 'text' }
  | { readonly kind: 'raw-text'; readonly tag: string }
  | { readonly kind: 'comment' }
  | {
      readonly kind: 'attribute';
      readonly tag: string;
      readonly name: string;
      readonly quote: '"' | "'" | '';
      /** A URL attribute whose value starts with the reflection (`javascript:` works). */
      readonly url: boolean;
      /** For event handlers (`on*`): where in their JavaScript the reflection is. */
      readonly js?: JsState | undefined;
    }
  | { readonly kind: 'script'; readonly js: JsState };

/** Elements whose content is text, not markup: a reflection there must close them first. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'noscript',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'data',
  'srcdoc',
  'xlink:href',
]);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

interface ParsedAttribute {
  readonly tag: string;
  readonly name: string;
  readonly value: string;
  readonly quote: '"' | "'" | '';
}

/** A page reduced to what the contexts and the confirmations need. */
interface ParsedPage {
  readonly elements: ReadonlySet<string>;
  readonly attributes: readonly ParsedAttribute[];
  /** Text runs with the raw-text element they are in (undefined for markup text). */
  readonly texts: readonly { readonly tag: string | undefined; readonly text: string }[];
  readonly comments: readonly string[];
}

function parsePage(html: string): ParsedPage {
  const elements = new Set<string>();
  const attributes: ParsedAttribute[] = [];
  const texts: { tag: string | undefined; text: string }[] = [];
  const comments: string[] = [];
  const pending: ParsedAttribute[] = [];
  let raw: string | undefined;
  let text = '';
  const flush = (): void => {
    if (text !== '') texts.push({ tag: raw, text });
    text = '';
  };
  const parser = new Parser({
    onopentagname(name) {
      flush();
      elements.add(name);
    },
    onattribute(name, value, quote) {
      pending.push({ tag: '', name, value, quote: quote === '"' || quote === "'" ? quote : '' });
    },
    onopentag(name) {
      for (const a of pending.splice(0)) attributes.push({ ...a, tag: name });
      if (RAW_TEXT.has(name)) raw = name;
    },
    ontext(data) {
      text += data;
    },
    onclosetag(name) {
      flush();
      if (name === raw) raw = undefined;
    },
    oncomment(data) {
      flush();
      comments.push(data);
    },
  });
  parser.write(html);
  parser.end();
  flush();
  return { elements, attributes, texts, comments };
}

/**
 * The lexical state of each character of JavaScript `source` (the state it is read in: an
 * opening quote is still code). Regular expression literals are not recognised: telling them
 * from division needs a parser, and a wrong guess only costs a missed context.
 */
export function jsStates(source: string): JsState[] {
  const states: JsState[] = new Array<JsState>(source.length);
  const templates: number[] = [];
  let depth = 0;
  let state: JsState = 'code';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const next = source[i + 1];
    states[i] = state;
    switch (state) {
      case 'code':
        if (c === "'") state = 'single';
        else if (c === '"') state = 'double';
        else if (c === '`') state = 'template';
        else if (c === '/' && next === '/') state = 'line-comment';
        else if (c === '/' && next === '*') {
          states[++i] = state;
          state = 'block-comment';
        } else if (c === '{') depth++;
        else if (c === '}') {
          if (templates.length > 0 && templates[templates.length - 1] === depth) {
            templates.pop();
            state = 'template';
          } else depth--;
        }
        break;
      case 'single':
      case 'double':
        if (c === '\\') states[++i] = state;
        else if ((c === "'" && state === 'single') || (c === '"' && state === 'double'))
          state = 'code';
        else if (c === '\n') state = 'code';
        break;
      case 'template':
        if (c === '\\') states[++i] = state;
        else if (c === '`') state = 'code';
        else if (c === '$' && next === '{') {
          states[++i] = state;
          templates.push(depth);
          state = 'code';
        }
        break;
      case 'line-comment':
        if (c === '\n') state = 'code';
        break;
      case 'block-comment':
        if (c === '*' && next === '/') {
          states[++i] = state;
          state = 'code';
        }
        break;
    }
  }
  return states;
}

/** Whether `identifier` occurs in `source` as a whole word read as code. */
export function jsHasCodeIdentifier(source: string, identifier: string): boolean {
  const states = jsStates(source);
  const word = /[\w$]/;
  for (let at = source.indexOf(identifier); at >= 0; at = source.indexOf(identifier, at + 1)) {
    const before = source[at - 1];
    const after = source[at + identifier.length];
    if (states[at] !== 'code') continue;
    if ((before && word.test(before)) || (after && word.test(after))) continue;
    return true;
  }
  return false;
}

/** Every context in `html` where `canary` appears. */
export function reflectionContexts(html: string, canary: string): XssContext[] {
  const page = parsePage(html);
  const contexts: XssContext[] = [];
  for (const { tag, text } of page.texts) {
    if (!text.includes(canary)) continue;
    if (tag === 'script') {
      const states = jsStates(text);
      for (let at = text.indexOf(canary); at >= 0; at = text.indexOf(canary, at + 1)) {
        contexts.push({ kind: 'script', js: states[at] ?? 'code' });
      }
    } else if (tag !== undefined) contexts.push({ kind: 'raw-text', tag });
    else contexts.push({ kind: 'text' });
  }
  for (const comment of page.comments)
    if (comment.includes(canary)) contexts.push({ kind: 'comment' });
  for (const a of page.attributes) {
    const at = a.value.indexOf(canary);
    if (at < 0) continue;
    const handler = a.name.startsWith('on');
    contexts.push({
      kind: 'attribute',
      tag: a.tag,
      name: a.name,
      quote: a.quote,
      url: URL_ATTRIBUTES.has(a.name) && a.value.trimStart().startsWith(canary),
      js: handler ? (jsStates(a.value)[at] ?? 'code') : undefined,
    });
  }
  return dedupe(contexts);
}

function dedupe(contexts: XssContext[]): XssContext[] {
  const seen = new Set<string>();
  return contexts.filter((c) => {
    const key = JSON.stringify(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A breakout to try, and how to tell it worked from the parsed response. */
interface Attempt {
  readonly payload: string;
  readonly describe: string;
  readonly proofNeedle: string;
  readonly confirmed: (page: ParsedPage) => boolean;
}

const newElement = (m: string) => (page: ParsedPage) => page.elements.has(m);
const newAttribute = (m: string) => (page: ParsedPage) => page.attributes.some((a) => a.name === m);
const scriptCode = (m: string) => (page: ParsedPage) =>
  page.texts.some((t) => t.tag === 'script' && jsHasCodeIdentifier(t.text, m)) ||
  page.attributes.some((a) => a.name.startsWith('on') && jsHasCodeIdentifier(a.value, m));

/** JavaScript breakouts for a reflection in `state`, with `m` becoming code. */
function jsBreakout(state: JsState, m: string): string {
  switch (state) {
    case 'code':
      return `;${m};`;
    case 'single':
      return `';${m};//`;
    case 'double':
      return `";${m};//`;
    case 'template':
      return `\${${m}}`;
    case 'line-comment':
      return `\n${m};//`;
    case 'block-comment':
      return `*/${m};/*`;
  }
}

/** The breakouts for one context, most telling first. */
function attemptsFor(context: XssContext, m: string): Attempt[] {
  switch (context.kind) {
    case 'text':
      return [
        {
          payload: `<${m}>`,
          describe: 'a new HTML element',
          proofNeedle: `<${m}>`,
          confirmed: newElement(m),
        },
      ];
    case 'raw-text':
      return [
        {
          payload: `</${context.tag}><${m}>`,
          describe: `a new HTML element after closing <${context.tag}>`,
          proofNeedle: `<${m}>`,
          confirmed: newElement(m),
        },
      ];
    case 'comment':
      return [
        {
          payload: `--><${m}>`,
          describe: 'a new HTML element after closing the comment',
          proofNeedle: `<${m}>`,
          confirmed: newElement(m),
        },
      ];
    case 'script':
      return [
        {
          payload: jsBreakout(context.js, m),
          describe: `JavaScript code (from a ${context.js} context inside <script>)`,
          proofNeedle: m,
          confirmed: scriptCode(m),
        },
        {
          payload: `</script><${m}>`,
          describe: 'a new HTML element after closing <script>',
          proofNeedle: `<${m}>`,
          confirmed: newElement(m),
        },
      ];
    case 'attribute': {
      const attempts: Attempt[] = [];
      if (context.url) {
        attempts.push({
          payload: `javascript:${m}(1)`,
          describe: `a javascript: URL in ${context.name}`,
          proofNeedle: `javascript:${m}`,
          confirmed: (page) =>
            page.attributes.some(
              (a) =>
                a.name === context.name &&
                a.value.includes(m) &&
                /^javascript:/i.test(withoutLeadingControls(a.value)),
            ),
        });
      }
      if (context.js !== undefined) {
        attempts.push({
          payload: jsBreakout(context.js, m),
          describe: `JavaScript code in the ${context.name} event handler`,
          proofNeedle: m,
          confirmed: scriptCode(m),
        });
      }
      const q = context.quote;
      attempts.push({
        payload: q === '' ? `x ${m}=1` : `${q} ${m}=${q}1`,
        describe: `a new attribute on <${context.tag}> (breaking out of ${q === '' ? 'an unquoted' : `a ${q}-quoted`} ${context.name} value)`,
        proofNeedle: `${m}=`,
        confirmed: newAttribute(m),
      });
      return attempts;
    }
  }
}

/** The value as a browser reads a URL: leading spaces and control characters are ignored. */
function withoutLeadingControls(value: string): string {
  let i = 0;
  while (i < value.length && value.charCodeAt(i) <= 0x20) i++;
  return value.slice(i);
}

function isHtml(contentType: string): boolean {
  return HTML_TYPES.has(contentType);
}

/** Tests one parameter: canary first, then a breakout per context it lands in. */
async function testParam(
  endpoint: Endpoint,
  param: Param,
  ctx: ActiveContext,
): Promise<DastIssue | undefined> {
  const canary = ctx.marker();
  const probe = await trySend(ctx, ctx.inject(endpoint, param, canary));
  if (!probe || !isHtml(probe.response.contentType) || !probe.response.body.includes(canary))
    return undefined;
  for (const context of reflectionContexts(probe.response.body, canary)) {
    for (const attempt of attemptsFor(context, ctx.marker())) {
      const exchange = await trySend(ctx, ctx.inject(endpoint, param, attempt.payload));
      if (!exchange || !isHtml(exchange.response.contentType)) continue;
      const body = exchange.response.body;
      if (!body.includes(attempt.proofNeedle)) continue;
      if (!attempt.confirmed(parsePage(body))) continue;
      return {
        ruleId: XSS_REFLECTED_RULE.id,
        message: `Parameter '${param.name}' is reflected without encoding: the payload ${JSON.stringify(attempt.payload)} became ${attempt.describe} in the HTML response.`,
        confidence: 'high',
        method: endpoint.method,
        url: endpoint.url,
        parameter: param.name,
        payload: attempt.payload,
        exchange,
        proof: excerptAround(body, attempt.proofNeedle, 30) ?? attempt.proofNeedle,
        details: { context: context.kind, ...contextDetails(context) },
      };
    }
  }
  return undefined;
}

function contextDetails(context: XssContext): Record<string, string> {
  switch (context.kind) {
    case 'raw-text':
      return { element: context.tag };
    case 'script':
      return { js: context.js };
    case 'attribute':
      return {
        element: context.tag,
        attribute: context.name,
        quote: context.quote === '' ? 'none' : context.quote,
        ...(context.js ? { js: context.js } : {}),
      };
    default:
      return {};
  }
}

/** Reflected XSS: canary reflection, context analysis, and a confirmed breakout per context. */
export const xssCheck: ActiveCheck = {
  id: 'xss-reflected',
  rules: [XSS_REFLECTED_RULE],
  async *run(endpoint, ctx) {
    for (const param of injectableParams(endpoint)) {
      const issue = await testParam(endpoint, param, ctx);
      if (issue) yield issue;
    }
  },
};
