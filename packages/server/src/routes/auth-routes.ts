import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ApiError } from '../app.js';
import { recordAudit } from '../auth/audit.js';
import { createSession, SESSION_MAX_MS, sessionValueOf } from '../auth/authenticate.js';
import { requireUser } from '../auth/authorize.js';
import { type CookiePolicy, clientAddress, sessionCookie } from '../auth/cookies.js';
import { csrfTokenFor, sha256Hex } from '../auth/credentials.js';
import { parseInput } from '../auth/input.js';
import { LOCKOUT_FAILURES, LOCKOUT_MS, LoginThrottle } from '../auth/login-throttle.js';
import {
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  verifyPassword,
} from '../auth/passwords.js';
import type { HubDatabase } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { docs } from '../openapi/route-docs.js';

/** What the sign-in routes need. */
export interface AuthRoutesOptions extends CookiePolicy {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
  /** The sign-in rate limits; by default 10 attempts a minute per address and per username. */
  readonly throttle?: LoginThrottle;
}

const loginBody = z.strictObject({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

/** A new password: 12 to 256 characters (shared with the user routes). */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH);

const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword: newPasswordSchema,
});

const INVALID_CREDENTIALS = 'unknown username or wrong password';

/** The signed-in user as the API shows it: identity, roles and teams. */
export async function describeUser(db: Kysely<Database>, userId: string) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'global_role', 'must_change_password'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const teams = await db
    .selectFrom('memberships')
    .innerJoin('teams', 'teams.id', 'memberships.team_id')
    .select(['teams.id', 'teams.slug', 'teams.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('teams.slug')
    .execute();
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    globalRole: user.global_role,
    mustChangePassword: user.must_change_password !== 0,
    teams,
  };
}

function tooMany(reply: FastifyReply, seconds: number, code: string, message: string): ApiError {
  reply.header('retry-after', String(Math.max(1, seconds)));
  return new ApiError(429, code, message);
}

/**
 * Registers sign-in, sign-out, who-am-I and password change:
 * - `POST /api/v1/auth/login` {username, password} → the user and the session's CSRF token,
 *   and the session cookie. 429 RATE_LIMITED (with Retry-After) past the rate limits; 429
 *   LOCKED for 15 minutes after 5 consecutive failures; 401 INVALID_CREDENTIALS whether the
 *   user is unknown, disabled or the password wrong.
 * - `POST /api/v1/auth/logout` ends the session and clears the cookie (204).
 * - `GET /api/v1/auth/me` → the user, and the CSRF token when signed in with a session.
 * - `POST /api/v1/auth/password` {currentPassword, newPassword} (204) ends the user's other
 *   sessions and lifts the must-change flag of a one-time password.
 */
export function registerAuthRoutes(app: FastifyInstance, options: AuthRoutesOptions): void {
  const now = options.now ?? Date.now;
  const { db } = options.database;
  const throttle = options.throttle ?? new LoginThrottle({ now });

  app.post(
    '/api/v1/auth/login',
    {
      config: {
        ...docs({
          summary: 'Sign in',
          description:
            'Starts a browser session: sets the `rampart_session` cookie and returns the user and the CSRF token to send as `x-csrf-token` on state-changing requests. Rate-limited per address and per username; 5 consecutive failures lock the account for 15 minutes. An unknown user, a disabled user and a wrong password answer alike.',
          tags: ['auth'],
          access: 'public',
          body: loginBody,
          responses: {
            200: '`{ user, csrfToken }`, and the session cookie',
            401: 'INVALID_CREDENTIALS',
            429: 'RATE_LIMITED or LOCKED (with Retry-After)',
          },
        }),
        csrf: false,
        allowPendingPasswordChange: true,
      },
    },
    async (request, reply) => {
      const body = parseInput(loginBody, request.body, 'body');
      const username = body.username.trim().toLowerCase();
      const wait = throttle.attempt([
        `address:${clientAddress(request, options)}`,
        `user:${username}`,
      ]);
      if (wait > 0) {
        throw tooMany(reply, wait, 'RATE_LIMITED', 'too many sign-in attempts; try again later');
      }
      const at = now();
      const user = await db
        .selectFrom('users')
        .select(['id', 'password_hash', 'disabled', 'locked_until'])
        .where('username', '=', username)
        .executeTakeFirst();
      const lockedUntil = user ? (user.locked_until ?? 0) : throttle.phantomLockedUntil(username);
      const locked = (until: number) =>
        tooMany(
          reply,
          Math.ceil((until - at) / 1000),
          'LOCKED',
          'too many failed sign-ins: this account is locked for 15 minutes',
        );
      if (lockedUntil > at) throw locked(lockedUntil);
      const passwordOk = await verifyPassword(user?.password_hash, body.password);

      if (user === undefined) {
        const until = throttle.phantomFailure(username);
        if (until > 0) throw locked(until);
        throw new ApiError(401, 'INVALID_CREDENTIALS', INVALID_CREDENTIALS);
      }
      if (!passwordOk || user.disabled !== 0) {
        const lockUntil = await db.transaction().execute(async (trx) => {
          const { failed_logins } = await trx
            .updateTable('users')
            .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
            .where('id', '=', user.id)
            .returning('failed_logins')
            .executeTakeFirstOrThrow();
          const lock = failed_logins >= LOCKOUT_FAILURES ? at + LOCKOUT_MS : 0;
          if (lock > 0) {
            await trx
              .updateTable('users')
              .set({ failed_logins: 0, locked_until: lock })
              .where('id', '=', user.id)
              .execute();
          }
          await recordAudit(trx, at, {
            actorId: null,
            action: lock > 0 ? 'auth.lockout' : 'auth.login_failed',
            targetType: 'user',
            targetId: user.id,
            data: lock > 0 ? { until: lock } : {},
          });
          return lock;
        });
        if (lockUntil > 0) throw locked(lockUntil);
        throw new ApiError(401, 'INVALID_CREDENTIALS', INVALID_CREDENTIALS);
      }

      const session = await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ failed_logins: 0, locked_until: null })
          .where('id', '=', user.id)
          .execute();
        await trx
          .deleteFrom('sessions')
          .where('user_id', '=', user.id)
          .where('expires_at', '<=', at)
          .execute();
        const created = await createSession(trx, user.id, at);
        await recordAudit(trx, at, {
          actorId: user.id,
          action: 'auth.login',
          targetType: 'user',
          targetId: user.id,
        });
        return created;
      });
      reply.removeHeader('set-cookie');
      reply.header(
        'set-cookie',
        sessionCookie(session.value, SESSION_MAX_MS / 1000, request, options),
      );
      return { user: await describeUser(db, user.id), csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: {
        ...docs({
          summary: 'Sign out',
          description:
            'Ends the browser session and clears its cookie. Without a session it only clears the cookie; a CI token is refused.',
          tags: ['auth'],
          access: 'public',
          responses: {
            204: 'Signed out',
            403: 'FORBIDDEN for a CI token; CSRF without the header',
          },
        }),
        allowPendingPasswordChange: true,
      },
    },
    async (request, reply) => {
      const principal =
        request.principal === undefined ? undefined : requireUser(request.principal);
      const value = sessionValueOf(request);
      if (principal?.kind === 'user' && principal.via === 'session' && value !== undefined) {
        const at = now();
        await db.transaction().execute(async (trx) => {
          await trx.deleteFrom('sessions').where('id_hash', '=', sha256Hex(value)).execute();
          await recordAudit(trx, at, {
            actorId: principal.userId,
            action: 'auth.logout',
            targetType: 'user',
            targetId: principal.userId,
          });
        });
      }
      if (principal === undefined || principal.via === 'session') {
        reply.removeHeader('set-cookie');
        reply.header('set-cookie', sessionCookie('', 0, request, options));
      }
      return reply.status(204).send();
    },
  );

  const meConfig = {
    ...docs({
      summary: 'The signed-in user',
      description:
        'The user, their organisation role and teams; with a browser session also the CSRF token of the session.',
      tags: ['auth'],
      access: 'user',
      responses: { 200: '`{ user, csrfToken? }`', 403: 'FORBIDDEN for a CI token' },
    }),
    allowPendingPasswordChange: true,
  };
  app.get('/api/v1/auth/me', { config: meConfig }, async (request) => {
    const principal = requireUser(request.principal);
    const value = sessionValueOf(request);
    return {
      user: await describeUser(db, principal.userId),
      ...(principal.via === 'session' && value !== undefined
        ? { csrfToken: csrfTokenFor(value) }
        : {}),
    };
  });

  app.post(
    '/api/v1/auth/password',
    {
      config: {
        ...docs({
          summary: 'Change my password',
          description:
            "Changes the caller's password (12 to 256 characters), ends their other sessions and lifts the must-change flag of a one-time password.",
          tags: ['auth'],
          access: 'user',
          body: passwordBody,
          responses: {
            204: 'Changed',
            403: 'INVALID_CREDENTIALS (wrong current password); FORBIDDEN for a CI token',
            429: 'RATE_LIMITED',
          },
        }),
        allowPendingPasswordChange: true,
      },
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const body = parseInput(passwordBody, request.body, 'body');
      const wait = throttle.attempt([`password:${principal.userId}`]);
      if (wait > 0) {
        throw tooMany(reply, wait, 'RATE_LIMITED', 'too many attempts; try again later');
      }
      const user = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', principal.userId)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, body.currentPassword))) {
        throw new ApiError(403, 'INVALID_CREDENTIALS', 'the current password is wrong');
      }
      if (body.newPassword === body.currentPassword) {
        throw new ApiError(400, 'VALIDATION', 'body.newPassword: choose a different password');
      }
      const passwordHash = await hashPassword(body.newPassword);
      const at = now();
      const value = principal.via === 'session' ? sessionValueOf(request) : undefined;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, must_change_password: 0 })
          .where('id', '=', principal.userId)
          .execute();
        let others = trx.deleteFrom('sessions').where('user_id', '=', principal.userId);
        if (value !== undefined) others = others.where('id_hash', '!=', sha256Hex(value));
        await others.execute();
        await recordAudit(trx, at, {
          actorId: principal.userId,
          action: 'user.password_change',
          targetType: 'user',
          targetId: principal.userId,
        });
      });
      return reply.status(204).send();
    },
  );
}
