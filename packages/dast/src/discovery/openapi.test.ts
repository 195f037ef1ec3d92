import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '@rampart/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest } from '../endpoint.js';
import type { Endpoint } from '../types.js';
import { loadOpenApi, type OpenApiResult, parseOpenApi } from './openapi.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const BASE = 'http://127.0.0.1:3000/';

function find(result: OpenApiResult, method: string, suffix: string): Endpoint {
  const found = result.endpoints.find((e) => e.method === method && e.url.endsWith(suffix));
  if (!found)
    throw new Error(
      `no ${method} ${suffix} in ${result.endpoints.map((e) => `${e.method} ${e.url}`).join(', ')}`,
    );
  return found;
}

function parse(doc: unknown, baseUrl = BASE): OpenApiResult {
  return parseOpenApi(typeof doc === 'string' ? doc : JSON.stringify(doc), {
    where: 'api.json',
    baseUrl,
  });
}

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('expected a UsageError');
}

describe('loadOpenApi on an OpenAPI 3 Petstore (YAML)', () => {
  let result: OpenApiResult;
  beforeAll(async () => {
    result = await loadOpenApi(join(FIXTURES, 'openapi3-petstore.yaml'), { baseUrl: BASE });
  });

  it('finds every operation, on the target origin with the server path', () => {
    expect(result.title).toBe('Swagger Petstore - OpenAPI 3.0');
    expect(result.endpoints.map((e) => `${e.method} ${e.url}`)).toEqual([
      'PUT http://127.0.0.1:3000/api/v3/pet',
      'POST http://127.0.0.1:3000/api/v3/pet',
      'GET http://127.0.0.1:3000/api/v3/pet/findByStatus',
      'GET http://127.0.0.1:3000/api/v3/pet/findByTags',
      'GET http://127.0.0.1:3000/api/v3/pet/{petId}',
      'POST http://127.0.0.1:3000/api/v3/pet/{petId}',
      'DELETE http://127.0.0.1:3000/api/v3/pet/{petId}',
      'POST http://127.0.0.1:3000/api/v3/pet/{petId}/uploadImage',
      'POST http://127.0.0.1:3000/api/v3/store/order',
      'GET http://127.0.0.1:3000/api/v3/user/login',
      'GET http://127.0.0.1:3000/api/v3/user/{username}',
      'POST http://127.0.0.1:3000/api/v3/reports',
    ]);
    expect(result.endpoints.every((e) => e.source === 'openapi')).toBe(true);
    expect(result.warnings).toContain(
      "the document's server https://petstore3.swagger.io is not the target http://127.0.0.1:3000: requests go to the target",
    );
  });

  it('records deprecated operations but keeps them', () => {
    expect(result.deprecated).toEqual(['GET http://127.0.0.1:3000/api/v3/pet/findByTags']);
    expect(find(result, 'GET', '/findByTags').params).toEqual([
      { name: 'tags', in: 'query', value: 'rampart' },
    ]);
  });

  it('reads path (from a path-level $ref), header and cookie parameters, leaving out Accept', () => {
    const endpoint = find(result, 'GET', '/pet/{petId}');
    expect(endpoint.params).toEqual([
      { name: 'petId', in: 'path', value: '1', placeholder: '{petId}' },
      { name: 'X-Request-Id', in: 'header', value: '123e4567-e89b-12d3-a456-426614174000' },
      { name: 'session_hint', in: 'cookie', value: 'abc' },
    ]);
    const request = buildRequest(endpoint);
    expect(request.url).toBe('http://127.0.0.1:3000/api/v3/pet/1');
    expect(request.headers).toMatchObject({
      'x-request-id': expect.any(String),
      cookie: 'session_hint=abc',
    });
  });

  it('turns a JSON body into json params, keeping non-string values, skipping readOnly and cycles', () => {
    const endpoint = find(result, 'POST', '/api/v3/pet');
    expect(endpoint.bodyType).toBe('json');
    expect(endpoint.params.map((p) => p.name)).toEqual([
      'name',
      'category',
      'photoUrls',
      'tags',
      'status',
    ]);
    expect(endpoint.params.find((p) => p.name === 'category')?.json).toEqual({
      id: 1,
      name: 'Dogs',
    });
    expect(endpoint.params.find((p) => p.name === 'photoUrls')?.json).toEqual(['rampart']);
    expect(result.warnings).toContain(
      'external $ref "https://example.com/schemas/owner.json" is not followed: skipped',
    );
    expect(JSON.parse(buildRequest(endpoint).body ?? '')).toEqual({
      name: 'doggie',
      category: { id: 1, name: 'Dogs' },
      photoUrls: ['rampart'],
      tags: [{ id: 1, name: 'rampart' }],
      status: 'available',
    });
  });

  it('prefers the media type example over the schema', () => {
    const endpoint = find(result, 'POST', '/store/order');
    expect(JSON.parse(buildRequest(endpoint).body ?? '')).toEqual({
      id: 10,
      petId: 198772,
      quantity: 7,
      status: 'approved',
      complete: true,
    });
  });

  it('reads form and multipart bodies as form params', () => {
    const form = find(result, 'POST', '/pet/{petId}');
    expect(form.bodyType).toBe('form');
    expect(form.params).toContainEqual({ name: 'status', in: 'form', value: 'sold' });
    expect(form.params).toContainEqual({ name: 'name', in: 'query', value: 'doggie' });
    const upload = find(result, 'POST', '/uploadImage');
    expect(upload.bodyType).toBe('multipart');
    expect(upload.params).toContainEqual({ name: 'note', in: 'form', value: 'rampartaaa' });
  });

  it('warns about bodies it cannot build and sends none', () => {
    const endpoint = find(result, 'POST', '/reports');
    expect(endpoint.bodyType).toBeUndefined();
    expect(result.warnings).toContain(
      'POST /reports: request body type application/octet-stream is not supported: sent without a body',
    );
  });
});

describe('loadOpenApi on a Swagger 2 Petstore (JSON)', () => {
  let result: OpenApiResult;
  beforeAll(async () => {
    result = await loadOpenApi(join(FIXTURES, 'swagger2-petstore.json'), { baseUrl: BASE });
  });

  it('uses basePath on the target origin and warns about the host', () => {
    expect(result.title).toBe('Swagger Petstore');
    expect(find(result, 'GET', '/pet/findByStatus').url).toBe(
      'http://127.0.0.1:3000/v2/pet/findByStatus',
    );
    expect(result.warnings[0]).toMatch(/https:\/\/petstore\.swagger\.io is not the target/);
  });

  it('reads global parameter refs, array defaults, minimum and x-example', () => {
    expect(find(result, 'GET', '/pet/findByStatus').params).toEqual([
      { name: 'status', in: 'query', value: 'available' },
      { name: 'limit', in: 'query', value: '5' },
    ]);
    expect(find(result, 'GET', '/pet/{petId}').params).toContainEqual({
      name: 'X-Trace',
      in: 'header',
      value: 'trace-1',
    });
  });

  it('turns a body parameter into json params with generated formats', () => {
    const endpoint = find(result, 'POST', '/v2/pet');
    expect(endpoint.bodyType).toBe('json');
    expect(Object.fromEntries(endpoint.params.map((p) => [p.name, p.json ?? p.value]))).toEqual({
      id: 1,
      name: 'doggie',
      email: 'rampart@example.com',
      born: '2024-01-01',
      home: 'https://example.com/',
      ip: '192.0.2.1',
    });
  });

  it('reads formData as form or multipart following consumes', () => {
    const form = find(result, 'POST', '/pet/{petId}');
    expect(form.bodyType).toBe('form');
    expect(form.params).toContainEqual({ name: 'status', in: 'form', value: 'sold' });
    expect(find(result, 'POST', '/uploadImage').bodyType).toBe('multipart');
    expect(find(result, 'POST', '/uploadImage').params).toContainEqual({
      name: 'file',
      in: 'form',
      value: 'rampart.txt',
    });
  });

  it('serialises an XML body from the schema, with attributes and escaping', () => {
    const endpoint = find(result, 'POST', '/store/inventory.xml');
    expect(endpoint.bodyType).toBe('xml');
    expect(endpoint.rawBody).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Order id="1"><note>a &lt; b &amp; c</note></Order>',
    );
    expect(buildRequest(endpoint).headers).toMatchObject({ 'content-type': 'application/xml' });
  });
});

describe('parseOpenApi', () => {
  const minimal = (extra: Record<string, unknown>, paths: Record<string, unknown>) => ({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    ...extra,
    paths,
  });
  const ok = { responses: { 200: { description: 'ok' } } };

  it('resolves relative servers against the target and fills server variables', () => {
    const result = parse(
      minimal(
        {
          servers: [
            {
              url: '{scheme}://127.0.0.1:3000/{version}',
              variables: {
                scheme: { default: 'http' },
                version: { default: 'v1', enum: ['v1', 'v2'] },
              },
            },
          ],
        },
        { '/a': { get: ok } },
      ),
    );
    expect(result.endpoints[0]?.url).toBe('http://127.0.0.1:3000/v1/a');
    expect(result.warnings).toEqual([]);
    const relative = parse(
      minimal({ servers: [{ url: 'api/' }] }, { '/b': { get: ok } }),
      'http://127.0.0.1:3000/app/',
    );
    expect(relative.endpoints[0]?.url).toBe('http://127.0.0.1:3000/app/api/b');
  });

  it('resolves relative servers against the document URL when fetched', () => {
    const result = parseOpenApi(
      JSON.stringify(minimal({ servers: [{ url: '../v2' }] }, { '/x': { get: ok } })),
      {
        where: 'http://127.0.0.1:3000/docs/spec/openapi.json',
        baseUrl: 'http://127.0.0.1:3000',
        documentUrl: 'http://127.0.0.1:3000/docs/spec/openapi.json',
      },
    );
    expect(result.endpoints[0]?.url).toBe('http://127.0.0.1:3000/docs/v2/x');
  });

  it('falls back to the target root when there are no servers', () => {
    expect(parse(minimal({}, { '/x': { get: ok } })).endpoints[0]?.url).toBe(
      'http://127.0.0.1:3000/x',
    );
  });

  it('applies the example precedence: example, examples, default, enum, generated', () => {
    const p = (name: string, extra: Record<string, unknown>) => ({ name, in: 'query', ...extra });
    const result = parse(
      minimal(
        {},
        {
          '/p': {
            get: {
              parameters: [
                p('a', {
                  example: 'ex',
                  examples: { one: { value: 'exs' } },
                  schema: { type: 'string', default: 'def' },
                }),
                p('b', {
                  examples: { one: { $ref: '#/components/examples/B' } },
                  schema: { default: 'def' },
                }),
                p('c', { schema: { type: 'string', example: 'schema-ex', default: 'def' } }),
                p('d', { schema: { type: 'string', default: 'def', enum: ['e1'] } }),
                p('e', { schema: { type: 'string', enum: ['e1', 'e2'] } }),
                p('f', { schema: { type: 'integer', minimum: 18 } }),
                p('g', { schema: { type: 'integer', exclusiveMinimum: 18 } }),
                p('h', { schema: { type: 'boolean' } }),
                p('i', { schema: { type: ['null', 'string'], format: 'date-time' } }),
                p('j', { schema: { type: 'array', items: { type: 'integer' } } }),
                p('k', { schema: { type: 'string', examples: ['first', 'second'] } }),
                p('l', { schema: { type: 'string', maxLength: 3 } }),
                p('m', {
                  content: {
                    'application/json': {
                      schema: { type: 'object', properties: { x: { type: 'integer' } } },
                    },
                  },
                }),
                p('n', {}),
              ],
              ...ok,
            },
          },
        },
      ),
    );
    const values = Object.fromEntries(
      (result.endpoints[0]?.params ?? []).map((q) => [q.name, q.value]),
    );
    expect(values).toEqual({
      a: 'ex',
      b: 'def',
      c: 'schema-ex',
      d: 'def',
      e: 'e1',
      f: '18',
      g: '19',
      h: 'true',
      i: '2024-01-01T00:00:00Z',
      j: '1',
      k: 'first',
      l: 'ram',
      m: '{"x":1}',
      n: 'rampart',
    });
    expect(result.warnings).toContain('$ref "#/components/examples/B" points at nothing: skipped');
  });

  it('follows refs to components/examples', () => {
    const result = parse({
      ...minimal(
        {},
        {
          '/p': {
            get: {
              parameters: [
                { name: 'b', in: 'query', examples: { one: { $ref: '#/components/examples/B' } } },
              ],
              ...ok,
            },
          },
        },
      ),
      components: { examples: { B: { value: 'from-ref' } } },
    });
    expect(result.endpoints[0]?.params).toEqual([{ name: 'b', in: 'query', value: 'from-ref' }]);
  });

  it('lets operation parameters override path-item ones and invents undeclared path params', () => {
    const result = parse(
      minimal(
        {},
        {
          '/u/{id}/{other}': {
            parameters: [
              { name: 'id', in: 'path', schema: { type: 'string', example: 'item' } },
              { name: 'q', in: 'query', example: 'item' },
            ],
            get: { parameters: [{ name: 'q', in: 'query', example: 'op' }], ...ok },
          },
        },
      ),
    );
    expect(result.endpoints[0]?.params).toEqual([
      { name: 'id', in: 'path', value: 'item', placeholder: '{id}' },
      { name: 'q', in: 'query', value: 'op' },
      { name: 'other', in: 'path', value: '1', placeholder: '{other}' },
    ]);
    expect(buildRequest(result.endpoints[0] as Endpoint).url).toBe(
      'http://127.0.0.1:3000/u/item/1?q=op',
    );
  });

  it('survives $ref cycles and self-references', () => {
    const result = parse({
      ...minimal(
        {},
        {
          '/loop': { post: { requestBody: { $ref: '#/components/requestBodies/A' }, ...ok } },
          '/self': { $ref: '#/paths/~1self' },
        },
      ),
      components: {
        requestBodies: {
          A: { $ref: '#/components/requestBodies/B' },
          B: { $ref: '#/components/requestBodies/A' },
        },
        schemas: {
          Node: {
            type: 'object',
            properties: { next: { $ref: '#/components/schemas/Node' }, v: { type: 'string' } },
          },
        },
      },
    });
    expect(result.endpoints.map((e) => e.url)).toEqual(['http://127.0.0.1:3000/loop']);
    expect(result.warnings.some((w) => w.startsWith('$ref cycle at'))).toBe(true);
    const nested = parse({
      ...minimal(
        {},
        {
          '/n': {
            post: {
              requestBody: {
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } },
              },
              ...ok,
            },
          },
        },
      ),
      components: {
        schemas: {
          Node: {
            type: 'object',
            properties: { next: { $ref: '#/components/schemas/Node' }, v: { type: 'string' } },
          },
        },
      },
    });
    expect(nested.endpoints[0]?.params).toEqual([{ name: 'v', in: 'json', value: 'rampart' }]);
  });

  it('merges allOf and picks the first oneOf', () => {
    const result = parse({
      ...minimal(
        {},
        {
          '/m': {
            post: {
              requestBody: {
                content: {
                  'application/json': {
                    schema: {
                      allOf: [
                        { $ref: '#/components/schemas/Base' },
                        {
                          type: 'object',
                          properties: {
                            extra: { oneOf: [{ type: 'integer' }, { type: 'string' }] },
                          },
                        },
                      ],
                    },
                  },
                },
              },
              ...ok,
            },
          },
        },
      ),
      components: {
        schemas: {
          Base: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
        },
      },
    });
    expect(JSON.parse(buildRequest(result.endpoints[0] as Endpoint).body ?? '')).toEqual({
      id: '123e4567-e89b-12d3-a456-426614174000',
      extra: 1,
    });
  });

  it('uses an XML example string as the raw body', () => {
    const result = parse(
      minimal(
        {},
        {
          '/x': {
            post: { requestBody: { content: { 'text/xml': { example: '<a>1</a>' } } }, ...ok },
          },
        },
      ),
    );
    expect(result.endpoints[0]).toMatchObject({ bodyType: 'xml', rawBody: '<a>1</a>' });
  });

  it.each([
    [
      'text that is neither JSON nor YAML',
      'a: [1, 2\nb: }',
      /^api\.json:2:\d+: invalid JSON\/YAML: /,
    ],
    [
      'a YAML list',
      '- a\n- b',
      /^api\.json: not an OpenAPI document \(expected a JSON or YAML object\)$/,
    ],
    ['an object without a version', '{"paths": {}}', /no "openapi" or "swagger" version field/],
    [
      'an unsupported version',
      '{"openapi": "4.0.0", "paths": {}}',
      /unsupported OpenAPI version "4\.0\.0"/,
    ],
    ['a document without paths', 'swagger: "2.0"\ninfo: {title: t}', /has no "paths" object/],
    ['an empty file', '  \n', /is empty/],
    ['a recursive alias', 'openapi: 3.0.0\npaths: &a\n  x: *a\n', /invalid YAML/],
  ])('rejects %s with a UsageError naming the file', (_, text, message) => {
    const error = usageError(() => parse(text));
    expect(error.code).toBe('RAMPART_USAGE');
    expect(error.message).toMatch(message);
  });

  it('never throws anything but UsageError, whatever the input', () => {
    const anyJson = fc.jsonValue({ maxDepth: 4 });
    const ref = fc.constantFrom(
      '#/components/schemas/S',
      '#/components/parameters/P',
      '#/definitions/S',
      '#/paths',
      '#',
      'other.yaml#/x',
      '#/a/%zz',
      '#/components/schemas/S/properties/self',
    );
    // Schemas that look like schemas, with wrong types sprinkled in, reach the deep code.
    const { schema } = fc.letrec<{ schema: unknown }>((tie) => ({
      schema: fc.oneof(
        { depthSize: 'small' },
        anyJson,
        fc.record({ $ref: ref }),
        fc.record(
          {
            type: fc.oneof(
              fc.constantFrom(
                'string',
                'integer',
                'number',
                'boolean',
                'array',
                'object',
                'null',
                'file',
              ),
              fc.array(fc.constantFrom('string', 'null')),
              anyJson,
            ),
            format: fc.oneof(fc.constantFrom('email', 'uuid', 'date', 'binary'), anyJson),
            properties: fc.oneof(
              fc.dictionary(fc.string(), tie('schema'), { maxKeys: 3 }),
              anyJson,
            ),
            items: tie('schema'),
            allOf: fc.oneof(fc.array(tie('schema'), { maxLength: 2 }), anyJson),
            oneOf: fc.array(tie('schema'), { maxLength: 2 }),
            enum: anyJson,
            example: anyJson,
            examples: anyJson,
            minimum: anyJson,
            exclusiveMinimum: fc.oneof(fc.boolean(), fc.double(), anyJson),
            maximum: fc.oneof(fc.double(), anyJson),
            minLength: fc.oneof(fc.integer(), anyJson),
            maxLength: fc.oneof(fc.integer(), anyJson),
            readOnly: anyJson,
            xml: fc.oneof(
              fc.record({ name: anyJson, attribute: anyJson, wrapped: anyJson }),
              anyJson,
            ),
          },
          { requiredKeys: [] },
        ),
      ),
    }));
    const parameter = fc.oneof(
      anyJson,
      fc.record({ $ref: ref }),
      fc.record(
        {
          name: fc.oneof(fc.constantFrom('id', 'q', 'X-A'), fc.string(), anyJson),
          in: fc.oneof(
            fc.constantFrom('path', 'query', 'body', 'formData', 'header', 'cookie', 'x'),
            anyJson,
          ),
          schema,
          example: anyJson,
          examples: fc.oneof(
            fc.dictionary(fc.string(), fc.oneof(anyJson, fc.record({ $ref: ref }))),
            anyJson,
          ),
          content: fc.oneof(fc.dictionary(fc.string(), fc.record({ schema })), anyJson),
          type: anyJson,
          'x-example': anyJson,
        },
        { requiredKeys: ['in'] },
      ),
    );
    const mediaType = fc.constantFrom(
      'application/json',
      'application/xml',
      'multipart/form-data',
      'application/x-www-form-urlencoded',
      '*/*',
      'text/plain',
    );
    const operation = fc.oneof(
      anyJson,
      fc.record(
        {
          parameters: fc.oneof(fc.array(parameter, { maxLength: 4 }), anyJson),
          requestBody: fc.oneof(
            anyJson,
            fc.record({ $ref: ref }),
            fc.record({
              content: fc.oneof(
                fc.dictionary(
                  mediaType,
                  fc.oneof(anyJson, fc.record({ schema, example: anyJson, examples: anyJson })),
                ),
                anyJson,
              ),
            }),
          ),
          consumes: fc.oneof(fc.array(mediaType), anyJson),
          servers: anyJson,
          deprecated: anyJson,
        },
        { requiredKeys: [] },
      ),
    );
    const document = fc.record(
      {
        openapi: fc.constantFrom('3.0.3', '3.1.0'),
        swagger: fc.oneof(fc.constant('2.0'), anyJson),
        info: anyJson,
        servers: fc.oneof(
          fc.array(
            fc.record({
              url: fc.oneof(
                fc.constantFrom('/v1', 'http://h/{v}', '{s}://x', ':::'),
                fc.string(),
                anyJson,
              ),
              variables: anyJson,
            }),
          ),
          anyJson,
        ),
        host: anyJson,
        basePath: anyJson,
        schemes: anyJson,
        consumes: fc.oneof(fc.array(mediaType), anyJson),
        paths: fc.dictionary(
          fc.oneof(
            fc.constantFrom('/a/{id}', '/b', '/{x}/{x}', 'x-ext'),
            fc.string().map((s) => `/${s}`),
            fc.string(),
          ),
          fc.oneof(
            anyJson,
            fc.record({ $ref: ref }),
            fc.dictionary(
              fc.constantFrom('get', 'post', 'put', 'parameters', 'servers', '$ref'),
              operation,
            ),
          ),
          { maxKeys: 4 },
        ),
        components: fc.record({
          schemas: fc.oneof(fc.dictionary(fc.constantFrom('S', 'T'), schema), anyJson),
          parameters: fc.oneof(fc.dictionary(fc.constantFrom('P'), parameter), anyJson),
        }),
        definitions: fc.oneof(fc.dictionary(fc.constantFrom('S'), schema), anyJson),
      },
      { requiredKeys: ['paths'] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          anyJson.map((v) => JSON.stringify(v)),
          document.map((v) => JSON.stringify(v)),
          document.map((v) => JSON.stringify({ ...v, openapi: undefined, swagger: '2.0' })),
        ),
        (text) => {
          try {
            const result = parse(text);
            // Whatever was found must be requestable.
            for (const endpoint of result.endpoints) buildRequest(endpoint);
          } catch (err) {
            if (!(err instanceof UsageError)) throw err;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('loadOpenApi sources', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/openapi.json') {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            openapi: '3.0.0',
            servers: [{ url: '/api' }],
            paths: { '/ping': { get: {} } },
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('nope');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const fetchText = async (url: string): Promise<string> => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  };

  it('fetches a document by URL through fetchText', async () => {
    const result = await loadOpenApi(`${base}/openapi.json`, { baseUrl: base, fetchText });
    expect(result.endpoints.map((e) => e.url)).toEqual([`${base}/api/ping`]);
  });

  it('wraps fetch failures and missing files in UsageErrors', async () => {
    await expect(loadOpenApi(`${base}/missing.json`, { baseUrl: base, fetchText })).rejects.toThrow(
      new UsageError(`could not fetch the OpenAPI document ${base}/missing.json: HTTP 404`),
    );
    await expect(loadOpenApi(`${base}/openapi.json`, { baseUrl: base })).rejects.toBeInstanceOf(
      UsageError,
    );
    const missing = join(tmpdir(), 'rampart-no-such-openapi.yaml');
    await expect(loadOpenApi(missing, { baseUrl: base })).rejects.toThrow(
      `cannot read the OpenAPI document ${missing}: no such file`,
    );
  });

  it('names the file and line of a YAML error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-openapi-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'openapi: 3.0.0\npaths:\n  /a:\n    get: {\n');
    await expect(loadOpenApi(file, { baseUrl: base })).rejects.toThrow(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: invalid JSON/YAML`),
    );
  });
});
