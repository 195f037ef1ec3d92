import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import { ApiError } from '../app.js';
import type { HubDatabase } from '../db/database.js';
import type { Database, TeamRole } from '../db/schema.js';
import { type CookiePolicy, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.js';
import {
  csrfTokenFor,
  isSessionValue,
  newSessionValue,
  secretsEqual,
  sha256Hex,
} from './credentials.js';
import type { Principal, UserPrincipal } from './principal.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: exempt from the CSRF check (only sign-in, which needs no session). */
    csrf?: boolean;
    /** true: reachable by a session whose user must still change a one-time password. */
    allowPendingPasswordChange?: boolean;
  }
}

/**
 * Sessions slide: each use extends a session to `SESSION_IDLE_MS` from now (written at most
 * once a minute), up to `SESSION_MAX_MS` after sign-in, when it ends whatever happens. An
 * idle dashboard signs out after 8 hours; nobody stays signed in for more than a week.
 */
export const SESSION_IDLE_MS = 8 * 60 * 60_000;
/** The absolute limit of a session, from sign-in; also the cookie's Max-Age. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60_000;
/** last_used_at of tokens and the sliding expiry of sessions are written at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What the authentication hook needs. */
export interface AuthenticationOptions extends CookiePolicy {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

/**
 * Registers the `onRequest` hook that sets `request.principal`:
 * - `Authorization: Bearer <token>`: a personal token is its user (`via: 'token'`), a CI
 *   token a {@link CiPrincipal}; an unknown, revoked or expired token, a token of a disabled
 *   user, or another scheme is 401 (INVALID_TOKEN, TOKEN_REVOKED, TOKEN_EXPIRED,
 *   ACCOUNT_DISABLED) — a credential that was sent but does not work never falls back to
 *   anonymous. No CSRF token is needed: browsers never add this header on their own.
 * - else the `rampart_session` cookie: an unknown or expired session, or a disabled user, is
 *   anonymous (the stale cookie is cleared). POST, PUT, PATCH and DELETE need the header
 *   `x-csrf-token` (see {@link csrfTokenFor}); without it, 403 CSRF. A user who must change
 *   a one-time password reaches only routes marked `allowPendingPasswordChange` (403
 *   PASSWORD_CHANGE_REQUIRED elsewhere).
 * Register it before the routes.
 */
export function registerAuthentication(app: FastifyInstance, options: AuthenticationOptions): void {
  const now = options.now ?? Date.now;
  const { db } = options.database;
  if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', undefined);

  app.addHook('onRequest', async (request, reply) => {
    request.principal = undefined;
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      request.principal = await principalFromToken(options.database, authorization, now());
      return;
    }
    const value = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (value === undefined || value === '') return;
    const at = now();
    const session = isSessionValue(value)
      ? await db
          .selectFrom('sessions')
          .innerJoin('users', 'users.id', 'sessions.user_id')
          .select([
            'sessions.id_hash',
            'sessions.created_at',
            'sessions.expires_at',
            'users.id as user_id',
            'users.disabled',
            'users.must_change_password',
          ])
          .where('sessions.id_hash', '=', sha256Hex(value))
          .executeTakeFirst()
      : undefined;
    if (session === undefined || session.expires_at <= at || session.disabled !== 0) {
      if (session !== undefined) {
        await db.deleteFrom('sessions').where('id_hash', '=', session.id_hash).execute();
      }
      reply.header('set-cookie', sessionCookie('', 0, request, options));
      return;
    }
    if (STATE_CHANGING.has(request.method) && request.routeOptions.config.csrf !== false) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !secretsEqual(sent, csrfTokenFor(value))) {
        throw new ApiError(
          403,
          'CSRF',
          'send the x-csrf-token header that sign-in (or GET /api/v1/auth/me) returned',
        );
      }
    }
    if (
      session.must_change_password !== 0 &&
      !request.routeOptions.config.allowPendingPasswordChange
    ) {
      throw new ApiError(
        403,
        'PASSWORD_CHANGE_REQUIRED',
        'change your one-time password first: POST /api/v1/auth/password',
      );
    }
    const extended = Math.min(at + SESSION_IDLE_MS, session.created_at + SESSION_MAX_MS);
    if (extended - session.expires_at >= TOUCH_INTERVAL_MS) {
      await db
        .updateTable('sessions')
        .set({ expires_at: extended })
        .where('id_hash', '=', session.id_hash)
        .execute();
    }
    request.principal = await loadUserPrincipal(options.database, session.user_id, 'session');
  });
}

async function principalFromToken(
  database: HubDatabase,
  authorization: string,
  at: number,
): Promise<Principal> {
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match?.[1]) {
    throw new ApiError(401, 'INVALID_TOKEN', 'expected the header Authorization: Bearer <token>');
  }
  const token = await database.db
    .selectFrom('tokens')
    .select(['id', 'kind', 'user_id', 'project_id', 'last_used_at', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', sha256Hex(match[1]))
    .executeTakeFirst();
  if (token === undefined) throw new ApiError(401, 'INVALID_TOKEN', 'unknown API token');
  if (token.revoked_at !== null) throw new ApiError(401, 'TOKEN_REVOKED', 'this token was revoked');
  if (token.expires_at !== null && token.expires_at <= at) {
    throw new ApiError(401, 'TOKEN_EXPIRED', 'this token has expired; create a new one');
  }
  let principal: Principal;
  if (token.kind === 'ci' && token.project_id !== null) {
    principal = { kind: 'ci', tokenId: token.id, projectId: token.project_id };
  } else if (token.kind === 'personal' && token.user_id !== null) {
    const user = await loadUserPrincipal(database, token.user_id, 'token');
    if (user === undefined) throw new ApiError(401, 'ACCOUNT_DISABLED', 'this account is disabled');
    principal = { ...user, tokenId: token.id };
  } else {
    throw new ApiError(401, 'INVALID_TOKEN', 'unknown API token');
  }
  if (token.last_used_at === null || at - token.last_used_at >= TOUCH_INTERVAL_MS) {
    await database.db
      .updateTable('tokens')
      .set({ last_used_at: at })
      .where('id', '=', token.id)
      .execute();
  }
  return principal;
}

/** The principal of an enabled user with their team roles; undefined when disabled or gone. */
export async function loadUserPrincipal(
  database: HubDatabase,
  userId: string,
  via: 'session' | 'token',
): Promise<UserPrincipal | undefined> {
  const user = await database.db
    .selectFrom('users')
    .select(['id', 'username', 'global_role', 'disabled'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (user === undefined || user.disabled !== 0) return undefined;
  const memberships = await database.db
    .selectFrom('memberships')
    .select(['team_id', 'role'])
    .where('user_id', '=', userId)
    .execute();
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    globalRole: user.global_role,
    teams: new Map<string, TeamRole>(memberships.map((m) => [m.team_id, m.role])),
    via,
  };
}

/** Starts a session for a user; returns the cookie value (the only copy) and its CSRF token. */
export async function createSession(
  db: Kysely<Database> | Transaction<Database>,
  userId: string,
  at: number,
): Promise<{ value: string; csrfToken: string }> {
  const value = newSessionValue();
  await db
    .insertInto('sessions')
    .values({
      id_hash: sha256Hex(value),
      user_id: userId,
      created_at: at,
      expires_at: at + SESSION_IDLE_MS,
    })
    .execute();
  return { value, csrfToken: csrfTokenFor(value) };
}

/** The session cookie value of a request, when it carries a well-formed one. */
export function sessionValueOf(request: FastifyRequest): string | undefined {
  const value = readCookie(request.headers.cookie, SESSION_COOKIE);
  return value !== undefined && isSessionValue(value) ? value : undefined;
}
