import type { GlobalRole, TeamRole } from '../db/schema.js';

/** A person, signed in with a session cookie or a personal API token. */
export interface UserPrincipal {
  readonly kind: 'user';
  readonly userId: string;
  readonly username: string;
  /** admin, security or auditor across the organisation; null for team members only. */
  readonly globalRole: GlobalRole | null;
  /** The user's role in each team they belong to, by team id. */
  readonly teams: ReadonlyMap<string, TeamRole>;
  /** How the request proved who it is: browser requests (session) need a CSRF token. */
  readonly via: 'session' | 'token';
  /** The personal token's id when `via` is `token` (scan uploads record it). */
  readonly tokenId?: string | undefined;
}

/** A project-scoped CI token: it may upload scans to its project, and nothing else. */
export interface CiPrincipal {
  readonly kind: 'ci';
  readonly tokenId: string;
  readonly projectId: string;
}

/** Who is making a request. */
export type Principal = UserPrincipal | CiPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; undefined for an anonymous request. */
    principal: Principal | undefined;
  }
}
