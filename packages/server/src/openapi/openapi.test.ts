import { randomBytes } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../auth/passwords.js';
import type { HubDatabase } from '../db/database.js';
import { createHub } from '../hub.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { buildOpenApiDocument, type RegisteredRoute } from './openapi-document.js';
import { docs } from './route-docs.js';

// biome-ignore lint/suspicious/noExplicitAny: walking a parsed JSON document
type Json = Record<string, any>;

/**
 * Every route the router holds, as `METHOD /path`, read from Fastify's own route tree
 * (`printRoutes`), so the check does not trust the generator's route collection.
 */
function routerRoutes(app: FastifyInstance): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] as string).length / 4;
    stack.length = depth;
    const path = (depth > 0 ? (stack[depth - 1] ?? '') : '') + (match[2] as string);
    stack[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) out.push(`${method} ${path}`);
  }
  return out;
}

const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** `/a/:x|:y/b` → `/a/:x/b`, `/a/:y/b`. */
function spellings(url: string): string[] {
  const merged = /:\w+(?:\|:\w+)+/.exec(url);
  if (!merged) return [url];
  return merged[0]
    .split('|')
    .flatMap((name) =>
      spellings(url.slice(0, merged.index) + name + url.slice(merged.index + merged[0].length)),
    );
}

describe('buildOpenApiDocument', () => {
  const params = z.strictObject({ projectId: z.string().min(1).max(100) });
  const query = z.strictObject({
    limit: z.string().regex(/^\d+$/).transform(Number).optional(),
    from: z.string(),
  });
  const routes: RegisteredRoute[] = [
    {
      method: 'POST',
      url: '/api/v1/projects/:projectId/things',
      docs: docs({
        summary: 'Make a thing',
        tags: ['things'],
        access: 'team-writer',
        params,
        query,
        body: z.strictObject({ name: z.string().max(10) }),
        responses: { 201: 'Made', 404: 'No such project' },
      }).openapi,
    },
    {
      method: 'POST',
      url: '/api/v1/projects/:projectId/uploads',
      docs: docs({
        summary: 'Upload',
        tags: ['things'],
        access: 'ci-token',
        params,
        body: { raw: 'application/json, application/gzip', description: 'The report' },
      }).openapi,
    },
    {
      method: 'PUT',
      url: '/api/v1/optional',
      docs: docs({
        summary: 'Optional body',
        tags: ['things'],
        access: 'public',
        body: z.strictObject({ reason: z.string().optional() }).optional(),
      }).openapi,
    },
    { method: 'HEAD', url: '/api/v1/optional', docs: undefined },
    { method: 'GET', url: '/api/v1/undocumented', docs: undefined },
  ];
  const doc = buildOpenApiDocument(routes, { version: '9.9.9' }) as Json;

  it('turns path parameters into {name} with the schema the handler validates with', () => {
    const op = doc.paths['/api/v1/projects/{projectId}/things'].post;
    expect(op.parameters).toContainEqual({
      name: 'projectId',
      in: 'path',
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: 100 },
    });
  });

  it('makes one query parameter per property, required as the schema says, from the input side', () => {
    const op = doc.paths['/api/v1/projects/{projectId}/things'].post;
    const query = op.parameters.filter((p: Json) => p.in === 'query');
    expect(query).toEqual([
      {
        name: 'limit',
        in: 'query',
        required: false,
        schema: { type: 'string', pattern: '^\\d+$' },
      },
      { name: 'from', in: 'query', required: true, schema: { type: 'string' } },
    ]);
  });

  it('describes JSON bodies, optional bodies and raw report bodies', () => {
    expect(doc.paths['/api/v1/projects/{projectId}/things'].post.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { name: { type: 'string', maxLength: 10 } },
            required: ['name'],
            additionalProperties: false,
          },
        },
      },
    });
    expect(doc.paths['/api/v1/optional'].put.requestBody.required).toBe(false);
    expect(doc.paths['/api/v1/projects/{projectId}/uploads'].post.requestBody).toEqual({
      required: true,
      description: 'The report',
      content: { 'application/json': {}, 'application/gzip': {} },
    });
  });

  it('gives 4xx answers the error schema and adds 400 and 401 where they apply', () => {
    const responses = doc.paths['/api/v1/projects/{projectId}/things'].post.responses;
    expect(Object.keys(responses)).toEqual(['201', '400', '401', '404']);
    expect(responses['201']).toEqual({ description: 'Made' });
    expect(responses['404'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    const publicOne = doc.paths['/api/v1/optional'].put;
    expect(Object.keys(publicOne.responses)).toEqual(['200', '400']);
    expect(publicOne.security).toEqual([]);
  });

  it('marks who may call each operation and leaves out HEAD and undocumented routes', () => {
    expect(doc.paths['/api/v1/projects/{projectId}/uploads'].post['x-rampart-access']).toBe(
      'ci-token',
    );
    expect(doc.paths['/api/v1/optional'].head).toBeUndefined();
    expect(doc.paths['/api/v1/undocumented']).toBeUndefined();
    expect(doc.info.version).toBe('9.9.9');
    expect(doc.tags).toEqual([{ name: 'things' }]);
  });
});

describe.each(TEST_DIALECTS)('the OpenAPI document of the hub on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let doc: Json;
  const metricsToken = randomBytes(24).toString('hex');

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    app = createHub({ database: hub, logger: false, metricsToken });
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.info).toMatchObject({ title: 'Rampart hub', version: '0.1.0' });
    expect(doc.servers).toEqual([{ url: '/', description: 'this hub' }]);
  });

  it('has an operation for every route under /api/ that the router holds', () => {
    const api = routerRoutes(app).filter((r) => / \/api\//.test(r) && !r.startsWith('HEAD '));
    expect(api.length).toBeGreaterThan(40);
    const missing = api.filter((r) => {
      const [method, url] = r.split(' ') as [string, string];
      // The router merges a segment's parameter names (`:projectId|:id`): any may be this route's.
      return !spellings(url).some(
        (u) => doc.paths[toOpenApiPath(u)]?.[method.toLowerCase()] !== undefined,
      );
    });
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/metrics']),
    );
  });

  it('documents each path parameter with the schema its handler validates with', () => {
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        const inPath = (op.parameters as Json[]).filter((p) => p.in === 'path');
        expect(
          inPath.map((p) => p.name),
          `${method} ${path}`,
        ).toEqual(names);
        for (const p of inPath) {
          // Every id the API takes is validated as 1 to 100 characters.
          expect(p.schema, `${method} ${path} ${p.name}`).toEqual({
            type: 'string',
            minLength: 1,
            maxLength: 100,
          });
        }
      }
    }
  });

  it('carries the constraints of the zod schemas: sign-in, the metrics window, the upload', () => {
    const login = doc.paths['/api/v1/auth/login'].post;
    expect(login.security).toEqual([]);
    expect(login.requestBody.content['application/json'].schema).toEqual({
      type: 'object',
      properties: {
        username: { type: 'string', minLength: 1, maxLength: 128 },
        password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
      },
      required: ['username', 'password'],
      additionalProperties: false,
    });
    const mttr = doc.paths['/api/v1/metrics/mttr'].get;
    const byName = Object.fromEntries(mttr.parameters.map((p: Json) => [p.name, p]));
    expect(byName.from.required).toBe(true);
    expect(byName.team.required).toBe(false);
    expect(byName.severity.schema.enum).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    expect(mttr['x-rampart-access']).toBe('team-reader');
    const list = doc.paths['/api/v1/projects/{id}/findings'].get.parameters;
    expect(list.find((p: Json) => p.name === 'status')).toEqual({
      name: 'status',
      in: 'query',
      required: false,
      description: 'comma-separated, of: open, fixed, false_positive, risk_accepted',
      schema: { type: 'string' },
    });
    const upload = doc.paths['/api/v1/projects/{id}/scans'].post;
    expect(Object.keys(upload.requestBody.content)).toEqual([
      'application/json',
      'application/sarif+json',
      'application/gzip',
      'application/octet-stream',
    ]);
    expect(upload.responses['413'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/Error',
    );
    const rule = doc.paths['/api/v1/triage-rules'].post.requestBody.content['application/json'];
    expect(rule.schema.oneOf).toHaveLength(2);
  });

  it('declares the bearer token and the session cookie, and tags every operation', () => {
    expect(doc.components.securitySchemes.bearerToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'rampart_session',
    });
    const declared = new Set((doc.tags as Json[]).map((t) => t.name));
    for (const item of Object.values(doc.paths as Record<string, Json>)) {
      for (const op of Object.values(item)) {
        expect(op.tags.length).toBeGreaterThan(0);
        for (const tag of op.tags) expect(declared.has(tag)).toBe(true);
        expect(typeof op['x-rampart-access']).toBe('string');
      }
    }
  });

  it('is served to anyone, at both addresses, with cache headers and revalidation', async () => {
    const first = await app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.json()).toEqual(doc);
    const etag = String(first.headers.etag);
    const again = await app.inject({
      method: 'GET',
      url: '/api/docs',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('holds no token or secret', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/rmp_(pat|ci)_[A-Za-z0-9_-]{8,}/);
    expect(text).not.toContain(metricsToken);
    expect(text).not.toMatch(/"(example|examples)"/);
  });
});
