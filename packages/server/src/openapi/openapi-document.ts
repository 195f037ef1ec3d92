import { z } from 'zod';
import type { RouteAccess, RouteDocs } from './route-docs.js';

/** A route as Fastify registered it, with the documentation from its `config.openapi`. */
export interface RegisteredRoute {
  readonly method: string;
  /** The Fastify URL pattern, e.g. `/api/v1/projects/:projectId/tokens`. */
  readonly url: string;
  readonly docs: RouteDocs | undefined;
}

/** A JSON value of the document (OpenAPI objects and JSON Schemas). */
type Json = Record<string, unknown>;

/** The methods an OpenAPI path item holds (not HEAD: Fastify adds one to every GET). */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'patch', 'trace'] as const;
type Method = (typeof METHODS)[number];

/** The standard error body: every 4xx and 5xx answer of the API has this shape. */
const ERROR_SCHEMA: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          description:
            'A stable code scripts can branch on: VALIDATION, UNAUTHENTICATED, INVALID_TOKEN, FORBIDDEN, NOT_FOUND, CSRF, RATE_LIMITED, …',
        },
        message: { type: 'string', description: 'What happened and what to do next.' },
      },
    },
  },
};

const ACCESS_TEXT: Readonly<Record<RouteAccess, string>> = {
  public: 'anyone, without credentials',
  user: 'any signed-in user (not a CI token)',
  'ci-token': "the project's CI token, or a user who may upload to the project",
  'team-reader': 'members of the team, and admin, security and auditors',
  'team-writer': "the team's champion (some actions: its members), security and admin",
  security: 'security and admin',
  admin: 'admin',
  'org-reader': 'admin, security and auditors',
};

const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  auth: 'Sign-in, sign-out, the current user and password changes.',
  tokens: 'Personal API tokens (rmp_pat_…) and project CI tokens (rmp_ci_…); shown once.',
  teams: 'Teams and their members (champions, developers).',
  champions:
    "Security champions: appointment, the directory with expertise and points, and each team's champion home page.",
  desk: 'The question desk: questions routed to the team champions, escalation to the security team, answers and the knowledge base.',
  users: 'User accounts and organisation roles.',
  projects: 'Projects (repositories), each owned by a team.',
  'sla-policies': 'Days allowed to fix a finding, per severity, organisation-wide or per team.',
  scans: 'Scan upload (ingest) and the triage decisions a scan applies.',
  findings: 'Findings, their event history and triage actions.',
  'triage-rules': 'Organisation-wide triage rules (accepted advisories, false-positive paths).',
  metrics: 'The shared metrics: MTTR, half-life, escape rate, SLA, open age, prevented, trend.',
  consults:
    'Consult requests: design reviews and threat-modelling sessions, the security team queue and its SLA.',
  rules: 'Field feedback on scanner rules from champions, and per-rule false-positive rates.',
  sboms: 'Stored CycloneDX SBOMs per project, re-matched when the advisory database updates.',
  'threat-models': "A project's threat model: revisions, decisions and the data-flow diagram.",
  training:
    'The training catalog, quizzes and completions, and recommendations from each team findings.',
  'paved-road':
    "The paved road: the organisation's policy catalog with its history and stable URL, organisation templates, and each project's adherence scorecard, gaps and the on/off-road comparison.",
  webhooks: 'Outgoing webhooks and their deliveries.',
  jobs: 'Background jobs.',
  operations: 'Health, readiness, Prometheus metrics and this document.',
};

/**
 * Converts a zod schema to the JSON Schema (2020-12, the dialect of OpenAPI 3.1) of what a
 * client sends: the input side of transforms and pipes (a query's `"500"`, not the number it
 * becomes); refinements and transforms, which JSON Schema cannot say, are left out.
 */
function jsonSchemaOf(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  return rest;
}

/** The `:name` parameters of a Fastify URL, in order. */
export function pathParameterNames(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
}

/** `/api/v1/teams/:teamId` → `/api/v1/teams/{teamId}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(docs: RouteDocs, url: string): Json[] {
  const out: Json[] = [];
  const pathSchema = docs.params ? jsonSchemaOf(docs.params) : {};
  const pathProperties = (pathSchema.properties ?? {}) as Record<string, Json>;
  for (const name of pathParameterNames(url)) {
    out.push({
      name,
      in: 'path',
      required: true,
      schema: pathProperties[name] ?? { type: 'string' },
    });
  }
  if (docs.query) {
    const querySchema = jsonSchemaOf(docs.query);
    const required = new Set((querySchema.required ?? []) as string[]);
    const properties = (querySchema.properties ?? {}) as Record<string, Json>;
    for (const [name, schema] of Object.entries(properties)) {
      const { description, ...rest } = schema;
      out.push({
        name,
        in: 'query',
        required: required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

function requestBody(body: NonNullable<RouteDocs['body']>): Json {
  if ('raw' in body) {
    const types = body.raw
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    return {
      required: true,
      description: body.description,
      content: Object.fromEntries(types.map((type) => [type, {}])),
    };
  }
  return {
    // An optional body (`z.object(…).optional()`) accepts an empty request.
    required: !body.safeParse(undefined).success,
    content: { 'application/json': { schema: jsonSchemaOf(body) } },
  };
}

function responses(docs: RouteDocs, validates: boolean): Json {
  const described = new Map<number, string>(
    Object.entries(docs.responses ?? {}).map(([status, text]) => [Number(status), text]),
  );
  const statuses = [...described.keys()];
  if (!statuses.some((s) => s >= 200 && s < 300)) described.set(200, 'OK');
  if (validates && !described.has(400)) {
    described.set(400, 'VALIDATION: the input does not match the schema');
  }
  if (docs.access !== 'public' && !described.has(401)) {
    described.set(401, 'UNAUTHENTICATED, or the token is unknown, revoked or expired');
  }
  const out: Json = {};
  for (const status of [...described.keys()].sort((a, b) => a - b)) {
    const description = described.get(status) as string;
    out[String(status)] =
      status >= 400
        ? {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          }
        : { description };
  }
  return out;
}

const upperFirst = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** `GET /api/v1/projects/:id/findings` → `getProjectsByIdFindings` (unique in the document). */
function operationId(method: string, url: string, taken: Set<string>): string {
  const words = url
    .replace(/^\/api\/v\d+\//, '/')
    .replace(/^\/api\//, '/')
    .split(/[^A-Za-z0-9:]+/)
    .filter((w) => w !== '')
    .map((w) => (w.startsWith(':') ? `By${upperFirst(w.slice(1))}` : upperFirst(w)));
  const base = method + words.join('');
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

function operation(route: RegisteredRoute, docs: RouteDocs, ids: Set<string>): Json {
  const method = route.method.toLowerCase();
  const access = `Access: ${ACCESS_TEXT[docs.access]}.`;
  return {
    operationId: operationId(method, route.url, ids),
    summary: docs.summary,
    description: docs.description ? `${docs.description}\n\n${access}` : access,
    tags: [...docs.tags],
    ...(docs.access === 'public' ? { security: [] } : {}),
    parameters: parameters(docs, route.url),
    ...(docs.body ? { requestBody: requestBody(docs.body) } : {}),
    responses: responses(docs, Boolean(docs.params || docs.query || docs.body)),
    'x-rampart-access': docs.access,
  };
}

/**
 * Builds the hub's OpenAPI 3.1 document from its routes: every documented route becomes an
 * operation whose parameters and request body are the JSON Schemas of the very zod schemas
 * its handler validates with. Routes without documentation are left out (a test makes sure
 * there are none under `/api/`); HEAD routes Fastify adds for GET are left out too.
 */
export function buildOpenApiDocument(
  routes: readonly RegisteredRoute[],
  info: { readonly version: string },
): Json {
  const paths: Record<string, Record<string, Json>> = {};
  const tags = new Set<string>();
  const ids = new Set<string>();
  // The order of METHODS; HEAD (added by Fastify for every GET) and unknown methods are out.
  const rank = (method: string) => METHODS.indexOf(method.toLowerCase() as Method);
  const documented = routes
    .filter((r): r is RegisteredRoute & { docs: RouteDocs } => r.docs !== undefined)
    .filter((r) => rank(r.method) >= 0)
    .sort((a, b) => (a.url === b.url ? rank(a.method) - rank(b.method) : a.url < b.url ? -1 : 1));
  for (const route of documented) {
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route, route.docs, ids);
    for (const tag of route.docs.tags) tags.add(tag);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rampart hub',
      version: info.version,
      description: [
        'The API of the Rampart hub: scan upload, findings and their triage, the shared metrics, and the organisation (teams, users, projects, tokens).',
        '',
        'Authenticate with `Authorization: Bearer <token>` (a personal token `rmp_pat_…` acts as its user; a CI token `rmp_ci_…` may only upload scans to its project), or with the browser session cookie `rampart_session` from `POST /api/v1/auth/login`, in which case `POST`, `PUT`, `PATCH` and `DELETE` also need the `x-csrf-token` header that sign-in (or `GET /api/v1/auth/me`) returns.',
        '',
        'Every error is JSON `{ "error": { "code", "message" } }` with a stable code. A resource the caller may not read answers 404, one they may read but not change 403.',
      ].join('\n'),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'this hub' }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    tags: [...tags].sort().map((name) => ({
      name,
      ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}),
    })),
    paths,
    components: {
      securitySchemes: {
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            "An API token: personal (`rmp_pat_…`, acts as its user) or a project CI token (`rmp_ci_…`, uploads scans to its project and reads its triage decisions). `GET /metrics` also accepts the hub's metrics token (RAMPART_METRICS_TOKEN).",
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'rampart_session',
          description:
            'The browser session from `POST /api/v1/auth/login`. State-changing requests (POST, PUT, PATCH, DELETE) also need the header `x-csrf-token` (returned by sign-in and by `GET /api/v1/auth/me`).',
        },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}
