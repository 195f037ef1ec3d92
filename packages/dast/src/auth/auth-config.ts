import { readFile } from 'node:fs/promises';
import { ConfigError, parseYamlWithSchema, UsageError } from '@rampart/core';
import { z } from 'zod';

/** An HTTP header or cookie name: an RFC 9110 token. */
export const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const headerName = z.string().regex(HTTP_TOKEN, 'not a valid header name');
/** YAML turns `X-Count: 5` into a number; a header value is text whatever it looks like. */
const scalarText = z.union([z.string(), z.number(), z.boolean()]).transform(String);

/** Name → text; names checked here so the message says what is wrong with which name. */
function namedValues(kind: 'header' | 'cookie') {
  return z.record(z.string(), scalarText).superRefine((map, ctx) => {
    for (const name of Object.keys(map)) {
      if (!HTTP_TOKEN.test(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `not a valid ${kind} name` });
      }
    }
  });
}
const statusList = z.array(z.number().int().min(100).max(599)).min(1);

const TokenSchema = z
  .strictObject({
    /** Where the login response carries the token. */
    from: z.enum(['json', 'header', 'cookie']),
    /** For `from: json`: a dot path into the response body (`data.token`, `items.0.jwt`). */
    path: z.string().min(1).optional(),
    /** For `from: header` / `from: cookie`: the header or cookie name. */
    name: z.string().min(1).optional(),
    /** The request header that carries it. */
    header: headerName.default('Authorization'),
    /** Put before the token; `Bearer ` by default when `header` is Authorization. */
    prefix: z.string().optional(),
  })
  .superRefine((token, ctx) => {
    if (token.from === 'json' && token.path === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['path'],
        message: 'required when from is json (the dot path of the token, e.g. data.token)',
      });
    }
    if (token.from !== 'json' && token.name === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: `required when from is ${token.from} (the ${token.from} that carries the token)`,
      });
    }
  });

const LoginSchema = z.strictObject({
  /** The login endpoint, relative to the target (or absolute, on the target). */
  url: z.string().min(1),
  method: z
    .string()
    .regex(/^[A-Za-z]+$/, 'not an HTTP method')
    .default('POST')
    .transform((m) => m.toUpperCase()),
  /** How the body is encoded. */
  type: z.enum(['form', 'json']).default('form'),
  /** The credentials; `${ENV_VAR}` is replaced from the environment. */
  body: z.record(z.string(), z.json()).default({}),
  headers: namedValues('header').optional(),
  token: TokenSchema.optional(),
  /** What a successful login looks like (default: a status below 400 that is not a redirect back to the login page). */
  success: z
    .strictObject({
      status: statusList.optional(),
      bodyContains: z.string().min(1).optional(),
    })
    .optional(),
});

const LoggedOutSchema = z.strictObject({
  status: statusList.optional(),
  bodyContains: z.string().min(1).optional(),
  /** A redirect to this path (relative to the target) means the session is gone. */
  redirectTo: z.string().min(1).optional(),
});

/**
 * The schema of a DAST auth file (`--auth auth.yml`): how to log in, where the session token
 * is, how to recognise an expired session, and static headers and cookies.
 */
export const AuthConfigSchema = z
  .strictObject({
    login: LoginSchema.optional(),
    loggedOut: LoggedOutSchema.optional(),
    headers: namedValues('header').optional(),
    cookies: namedValues('cookie').optional(),
  })
  .refine((c) => c.login !== undefined || c.headers !== undefined || c.cookies !== undefined, {
    message: 'the auth config sets nothing: give login, headers or cookies',
  });

/** A validated auth config, `${ENV}` references already replaced. */
export type AuthConfig = z.output<typeof AuthConfigSchema>;

/**
 * Reads and validates an auth config file (YAML or JSON) and replaces `${NAME}` with
 * environment variables, so secrets stay out of the file (`$${` writes a literal `${`).
 * Every problem is a {@link UsageError} naming the file and line; a missing variable is
 * named, a value never shown.
 * @example const auth = await loadAuthConfig('auth.yml'); // RAMPART_DAST_PASSWORD from the env
 */
export async function loadAuthConfig(
  path: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<AuthConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    throw new UsageError(
      `cannot read the auth config ${path}: ${code === 'ENOENT' ? 'no such file' : String(code ?? cause)}`,
      { cause },
    );
  }
  return parseAuthConfig(text, path, env);
}

/** {@link loadAuthConfig} for text already in hand; `file` names it in messages. */
export function parseAuthConfig(
  text: string,
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): AuthConfig {
  let parsed: ReturnType<typeof parseYamlWithSchema<typeof AuthConfigSchema>>;
  try {
    parsed = parseYamlWithSchema(text, file, AuthConfigSchema);
  } catch (cause) {
    if (cause instanceof ConfigError) throw new UsageError(cause.message, { cause });
    throw cause;
  }
  const expand = (value: string, path: readonly (string | number)[]): string =>
    value.replace(/\$(\$?)\{([^}]*)\}/g, (whole, escaped: string, name: string) => {
      if (escaped) return whole.slice(1);
      const where = parsed.positionOf(path);
      const label = path.join('.');
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new UsageError(
          `${file}:${where.line}:${where.column}: ${label}: "\${${name.slice(0, 40)}}" is not a valid environment variable reference`,
        );
      }
      const found = env[name];
      if (found === undefined || found === '') {
        throw new UsageError(
          `${file}:${where.line}:${where.column}: ${label}: environment variable ${name} is not set`,
          { hint: `export ${name} before running the scan (keep secrets out of the file)` },
        );
      }
      return found;
    });
  return expandStrings(parsed.data, [], expand) as AuthConfig;
}

function expandStrings(
  value: unknown,
  path: readonly (string | number)[],
  expand: (value: string, path: readonly (string | number)[]) => string,
): unknown {
  if (typeof value === 'string') return expand(value, path);
  if (Array.isArray(value)) return value.map((v, i) => expandStrings(v, [...path, i], expand));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, expandStrings(v, [...path, k], expand)]),
    );
  }
  return value;
}
