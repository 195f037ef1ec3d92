import { readFile } from 'node:fs/promises';
import { type JsonValue, UsageError } from '@rampart/core';
import type { BodyType, Endpoint, Param } from '../types.js';
import { isObject, type OpenApiDocument, parseOpenApiDocument } from './openapi-document.js';
import { RefResolver, refName } from './openapi-refs.js';
import { sampleValue, toParamString, toXml } from './openapi-values.js';

/** How {@link loadOpenApi} reads the document and where requests go. */
export interface OpenApiOptions {
  /** The target the user named: every endpoint is placed on its origin. */
  readonly baseUrl: string;
  /** Fetches a document given by URL (through the scanner's HttpClient, so limits apply). */
  readonly fetchText?: ((url: string) => Promise<string>) | undefined;
}

/** What an OpenAPI document yields. */
export interface OpenApiResult {
  readonly endpoints: Endpoint[];
  /** `info.title`, when the document has one. */
  readonly title?: string | undefined;
  /** What was skipped or adjusted (external `$ref`s, another server origin, unknown media types). */
  readonly warnings: string[];
  /** `METHOD url` of operations marked `deprecated` (they are tested too). */
  readonly deprecated: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Header parameters OpenAPI says are ignored: the client and the authenticator set them. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

const MAX_WARNINGS = 200;

/**
 * Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML, from a file path or an
 * http(s) URL) and returns one endpoint per operation, with example values for every
 * parameter. Requests always go to `baseUrl`'s origin: DAST tests the target the user
 * named, not whatever server the document lists. A document that cannot be used throws a
 * {@link UsageError} naming the file or URL.
 * @example const { endpoints } = await loadOpenApi('openapi.yaml', { baseUrl: 'http://127.0.0.1:3000' });
 */
export async function loadOpenApi(source: string, options: OpenApiOptions): Promise<OpenApiResult> {
  const isUrl = /^https?:\/\//i.test(source);
  let text: string;
  if (isUrl) {
    if (options.fetchText === undefined) {
      throw new UsageError(`cannot fetch the OpenAPI document ${source}: no HTTP client given`);
    }
    try {
      text = await options.fetchText(source);
    } catch (cause) {
      if (cause instanceof UsageError) throw cause;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new UsageError(`could not fetch the OpenAPI document ${source}: ${reason}`, {
        cause,
      });
    }
  } else {
    try {
      text = await readFile(source, 'utf8');
    } catch (cause) {
      const code = (cause as { code?: unknown }).code;
      throw new UsageError(
        `cannot read the OpenAPI document ${source}: ${code === 'ENOENT' ? 'no such file' : String(code ?? cause)}`,
        { cause },
      );
    }
  }
  return parseOpenApi(text, {
    where: source,
    baseUrl: options.baseUrl,
    documentUrl: isUrl ? source : undefined,
  });
}

/** Where the text of {@link parseOpenApi} came from. */
export interface ParseOpenApiOptions {
  /** The file or URL, for messages. */
  readonly where: string;
  readonly baseUrl: string;
  /** The document's own URL: relative server URLs resolve against it. */
  readonly documentUrl?: string | undefined;
}

/** {@link loadOpenApi} for text already in hand. */
export function parseOpenApi(text: string, options: ParseOpenApiOptions): OpenApiResult {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new UsageError(`invalid target URL "${options.baseUrl}"`);
  }
  const doc = parseOpenApiDocument(text, options.where);
  const warnings: string[] = [];
  const warn = (message: string): void => {
    if (warnings.length < MAX_WARNINGS && !warnings.includes(message)) warnings.push(message);
  };
  const resolver = new RefResolver(doc.root, warn);
  const reader = new OperationReader(doc, resolver, warn);
  const rootServer =
    doc.version === 'openapi3'
      ? openApiServer(doc.root.servers, base, options.documentUrl, resolver, warn)
      : swaggerServer(doc.root, base, warn);
  const endpoints: Endpoint[] = [];
  const deprecated: string[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    if (!path.startsWith('/')) {
      if (!path.startsWith('x-'))
        warn(`path "${path.slice(0, 100)}" does not start with "/": skipped`);
      continue;
    }
    const item = resolver.resolve(rawItem);
    if (item === undefined) continue;
    const itemServer = hasServers(doc, item)
      ? openApiServer(item.servers, base, options.documentUrl, resolver, warn)
      : rootServer;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const server = hasServers(doc, operation)
        ? openApiServer(operation.servers, base, options.documentUrl, resolver, warn)
        : itemServer;
      const endpoint = reader.read(method.toUpperCase(), server + path, path, item, operation);
      endpoints.push(endpoint);
      if (operation.deprecated === true) deprecated.push(`${endpoint.method} ${endpoint.url}`);
    }
  }
  const info = isObject(doc.root.info) ? doc.root.info : {};
  const title = typeof info.title === 'string' ? info.title : undefined;
  return { endpoints, ...(title === undefined ? {} : { title }), warnings, deprecated };
}

function hasServers(doc: OpenApiDocument, node: Record<string, unknown>): boolean {
  return doc.version === 'openapi3' && Array.isArray(node.servers) && node.servers.length > 0;
}

/**
 * The URL prefix (target origin + server path, no trailing slash) for an OpenAPI 3 `servers`
 * list: the first server, variables at their defaults, relative URLs against the document.
 */
function openApiServer(
  servers: unknown,
  base: URL,
  documentUrl: string | undefined,
  resolver: RefResolver,
  warn: (message: string) => void,
): string {
  const first = Array.isArray(servers) ? resolver.resolve(servers[0]) : undefined;
  // No servers means "/" per the specification.
  let url = typeof first?.url === 'string' ? first.url : '/';
  const variables = isObject(first?.variables) ? first.variables : {};
  url = url.replace(/\{([^{}]*)\}/g, (_, name: string) => {
    const variable = Object.hasOwn(variables, name) ? variables[name] : undefined;
    const value = isObject(variable) ? (variable.default ?? enumFirst(variable.enum)) : undefined;
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    warn(`server variable {${name}} has no default: left empty`);
    return '';
  });
  return onTarget(url, documentUrl ?? base.href, base, warn);
}

function enumFirst(values: unknown): unknown {
  return Array.isArray(values) ? values[0] : undefined;
}

/** The URL prefix for a Swagger 2 document (`host`, `basePath`, `schemes`). */
function swaggerServer(
  root: Readonly<Record<string, unknown>>,
  base: URL,
  warn: (message: string) => void,
): string {
  const basePath = typeof root.basePath === 'string' ? root.basePath : '/';
  const host = typeof root.host === 'string' && root.host !== '' ? root.host : undefined;
  const schemes = Array.isArray(root.schemes) ? root.schemes : [];
  const scheme = typeof schemes[0] === 'string' ? schemes[0] : base.protocol.slice(0, -1);
  const absolute = host === undefined ? undefined : `${scheme}://${host}`;
  const path = basePath.startsWith('/') ? basePath : `/${basePath}`;
  return onTarget(absolute === undefined ? path : absolute + path, base.href, base, warn);
}

/** `url` (resolved against `against`) moved onto the target's origin, without a trailing slash. */
function onTarget(
  url: string,
  against: string,
  base: URL,
  warn: (message: string) => void,
): string {
  let resolved: URL;
  try {
    resolved = new URL(url, against);
  } catch {
    warn(`server URL "${url.slice(0, 200)}" is invalid: using the target's root`);
    return base.origin;
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') {
    warn(`server URL "${url.slice(0, 200)}" is not http(s): using its path on the target`);
  } else if (resolved.origin !== base.origin) {
    warn(
      `the document's server ${resolved.origin} is not the target ${base.origin}: requests go to the target`,
    );
  }
  return base.origin + resolved.pathname.replace(/\/+$/, '');
}

/** Turns one operation into an endpoint. */
class OperationReader {
  constructor(
    private readonly doc: OpenApiDocument,
    private readonly resolver: RefResolver,
    private readonly warn: (message: string) => void,
  ) {}

  read(
    method: string,
    url: string,
    path: string,
    item: Readonly<Record<string, unknown>>,
    operation: Readonly<Record<string, unknown>>,
  ): Endpoint {
    const label = `${method} ${path.slice(0, 200)}`;
    const params: Param[] = [];
    let bodyType: BodyType | undefined;
    let rawBody: string | undefined;
    const declared = this.parameters(item, operation);
    const swaggerBody: Record<string, unknown>[] = [];
    const formData: Record<string, unknown>[] = [];
    for (const p of declared) {
      const name = p.name as string;
      switch (p.in) {
        case 'path': {
          const placeholder = `{${name}}`;
          if (!path.includes(placeholder)) {
            this.warn(`${label}: path parameter "${name}" is not in the path: skipped`);
            break;
          }
          params.push({ name, in: 'path', value: this.parameterValue(p, '1'), placeholder });
          break;
        }
        case 'query':
        case 'cookie':
          params.push({ name, in: p.in, value: this.parameterValue(p, 'rampart') });
          break;
        case 'header':
          if (!IGNORED_HEADERS.has(name.toLowerCase())) {
            params.push({ name, in: 'header', value: this.parameterValue(p, 'rampart') });
          }
          break;
        case 'body':
          swaggerBody.push(p);
          break;
        case 'formData':
          formData.push(p);
          break;
        default:
          this.warn(`${label}: parameter "${name}" has unknown location "${String(p.in)}"`);
      }
    }
    // A template segment without a declared parameter still needs a value to be requestable.
    for (const match of path.matchAll(/\{([^{}/]+)\}/g)) {
      const name = match[1] ?? '';
      if (!params.some((p) => p.in === 'path' && p.name === name)) {
        params.push({ name, in: 'path', value: '1', placeholder: `{${name}}` });
      }
    }
    if (this.doc.version === 'swagger2') {
      const consumes = mediaTypes(operation.consumes ?? this.doc.root.consumes);
      if (formData.length > 0) {
        bodyType = consumes.some((t) => t === 'multipart/form-data') ? 'multipart' : 'form';
        for (const p of formData) {
          params.push({
            name: p.name as string,
            in: 'form',
            value: this.parameterValue(p, 'rampart'),
          });
        }
      } else if (swaggerBody[0] !== undefined) {
        const kind = bodyKind(consumes.length > 0 ? consumes : ['application/json']);
        const schema = swaggerBody[0].schema;
        const body = this.bodyFrom(
          label,
          kind ?? 'json',
          sampleValue(schema, this.resolver),
          schema,
        );
        bodyType = body.bodyType;
        rawBody = body.rawBody;
        params.push(...body.params);
      }
    } else {
      const requestBody = this.resolver.resolve(operation.requestBody);
      const content = isObject(requestBody?.content) ? requestBody.content : {};
      const types = Object.keys(content);
      if (types.length > 0) {
        const chosen = pickMediaType(types);
        if (chosen === undefined) {
          this.warn(
            `${label}: request body type ${types.slice(0, 3).join(', ')} is not supported: sent without a body`,
          );
        } else {
          const media = this.resolver.resolve(content[chosen.type]) ?? {};
          const body = this.bodyFrom(label, chosen.kind, this.mediaValue(media), media.schema);
          bodyType = body.bodyType;
          rawBody = body.rawBody;
          params.push(...body.params);
        }
      }
    }
    return {
      method,
      url,
      params,
      ...(bodyType === undefined ? {} : { bodyType }),
      ...(rawBody === undefined ? {} : { rawBody }),
      source: 'openapi',
    };
  }

  /** Path-item and operation parameters, resolved, the operation's winning on name and place. */
  private parameters(
    item: Readonly<Record<string, unknown>>,
    operation: Readonly<Record<string, unknown>>,
  ): Record<string, unknown>[] {
    const byKey = new Map<string, Record<string, unknown>>();
    for (const list of [item.parameters, operation.parameters]) {
      if (!Array.isArray(list)) continue;
      for (const raw of list) {
        const p = this.resolver.resolve(raw);
        if (p === undefined || typeof p.name !== 'string' || typeof p.in !== 'string') continue;
        byKey.set(`${p.in}:${p.name}`, p);
      }
    }
    return [...byKey.values()];
  }

  /** A parameter's value: example, examples, x-example, then its schema's (3.x) or own (2.0). */
  private parameterValue(p: Readonly<Record<string, unknown>>, fallback: string): string {
    let value: JsonValue | undefined;
    if (p.example !== undefined) value = p.example as JsonValue;
    else if (isObject(p.examples)) value = this.firstExample(p.examples);
    else if (p['x-example'] !== undefined) value = p['x-example'] as JsonValue;
    if (value === undefined && isObject(p.content)) {
      const first = Object.values(p.content)[0];
      value = this.mediaValue(this.resolver.resolve(first) ?? {});
    }
    if (value === undefined) {
      value = sampleValue(this.doc.version === 'openapi3' ? p.schema : p, this.resolver);
    }
    return value === undefined ? fallback : toParamString(value);
  }

  private firstExample(examples: Readonly<Record<string, unknown>>): JsonValue | undefined {
    for (const raw of Object.values(examples)) {
      const example = this.resolver.resolve(raw);
      if (example !== undefined && example.value !== undefined) return example.value as JsonValue;
    }
    return undefined;
  }

  /** A media type object's value: example, examples, or one generated from its schema. */
  private mediaValue(media: Readonly<Record<string, unknown>>): JsonValue | undefined {
    if (media.example !== undefined) return media.example as JsonValue;
    if (isObject(media.examples)) {
      const value = this.firstExample(media.examples);
      if (value !== undefined) return value;
    }
    return sampleValue(media.schema, this.resolver);
  }

  private bodyFrom(
    label: string,
    kind: BodyType,
    value: JsonValue | undefined,
    schema: unknown,
  ): { bodyType: BodyType; rawBody?: string; params: Param[] } {
    if (kind === 'xml') {
      if (typeof value === 'string' && value.trimStart().startsWith('<')) {
        return { bodyType: 'xml', rawBody: value, params: [] };
      }
      const resolved = this.resolver.resolve(schema);
      const hints = isObject(resolved?.xml) ? resolved.xml : {};
      const root = typeof hints.name === 'string' ? hints.name : (refName(schema) ?? 'root');
      return {
        bodyType: 'xml',
        rawBody: toXml(value ?? null, root, schema, this.resolver),
        params: [],
      };
    }
    if (!isObject(value)) {
      if (value !== undefined) {
        this.warn(`${label}: the request body is not an object: its fields are not tested`);
      }
      return { bodyType: kind, params: [] };
    }
    const params: Param[] = [];
    for (const [name, v] of Object.entries(value as Record<string, JsonValue>)) {
      if (kind === 'json') {
        params.push(
          typeof v === 'string'
            ? { name, in: 'json', value: v }
            : { name, in: 'json', value: toParamString(v), json: v },
        );
      } else {
        params.push({ name, in: 'form', value: toParamString(v) });
      }
    }
    return { bodyType: kind, params };
  }
}

function mediaTypes(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((t): t is string => typeof t === 'string').map(normaliseMediaType)
    : [];
}

function normaliseMediaType(type: string): string {
  return (type.split(';')[0] ?? '').trim().toLowerCase();
}

/** The body encoding a media type stands for, if the scanner can build such bodies. */
function bodyKind(types: readonly string[]): BodyType | undefined {
  return pickMediaType(types)?.kind;
}

/** The first media type the scanner can build, in order of preference: JSON, form, multipart, XML. */
function pickMediaType(types: readonly string[]): { type: string; kind: BodyType } | undefined {
  const find = (test: (t: string) => boolean): string | undefined =>
    types.find((t) => test(normaliseMediaType(t)));
  const candidates: [BodyType, (t: string) => boolean][] = [
    ['json', (t) => t === 'application/json' || t.endsWith('+json')],
    ['form', (t) => t === 'application/x-www-form-urlencoded'],
    ['multipart', (t) => t === 'multipart/form-data'],
    ['xml', (t) => t === 'application/xml' || t === 'text/xml' || t.endsWith('+xml')],
    ['json', (t) => t === '*/*' || t === 'application/*'],
  ];
  for (const [kind, test] of candidates) {
    const type = find(test);
    if (type !== undefined) return { type, kind };
  }
  return undefined;
}
