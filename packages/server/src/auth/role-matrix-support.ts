import { randomUUID } from 'node:crypto';
import type { HubDatabase } from '../db/database.js';
import type { TestOrg, TestUser } from './test-org.js';

// The role matrix's vocabulary (role-matrix.test.ts), shared with the case lists of the
// feature areas (e.g. desk/desk-role-cases.ts), so each area lists its routes' cases beside
// its code and the matrix runs them all: every registered route must have a case.

export const ROLES = [
  'admin',
  'security',
  'auditor',
  'champion', // champion of team A
  'developer', // developer in team A
  'outsider', // developer in team B only
  'ci', // CI token of project A
  'anonymous',
] as const;
export type Role = (typeof ROLES)[number];
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Context {
  readonly hub: HubDatabase;
  readonly org: TestOrg;
  readonly at: number;
  /** The user acting (the developer for the CI token and anonymous). */
  readonly self: TestUser;
  readonly matrixUser: TestUser;
  readonly victim: TestUser;
  readonly policyA: string;
  readonly policyDefault: string;
}

export interface Case {
  readonly method: Method;
  /** The route as registered. */
  readonly route: string;
  readonly what?: string;
  /** The URL (and body) of one call; may create a fresh target. */
  readonly prepare: (
    c: Context,
  ) => Promise<{ url: string; payload?: object }> | { url: string; payload?: object };
  /** Statuses in ROLES order. */
  readonly expected: string;
  /** Statuses when users authenticate with API tokens, where they differ. */
  readonly expectedWithTokens?: string;
}

export const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
/** A user with no password, role or team. */
export const bareUser = async (c: Context) => {
  const id = randomUUID();
  await c.hub.db
    .insertInto('users')
    .values({
      id,
      username: unique('u'),
      display_name: 'x',
      password_hash: null,
      global_role: null,
      created_at: c.at,
    })
    .execute();
  return id;
};
export const ALL_USERS = '200 200 200 200 200 200 403 401';
export const ADMIN_ONLY = (ok: number) => `${ok} 403 403 403 403 403 403 401`;
export const SECURITY_ONLY = (ok: number) => `${ok} ${ok} 403 403 403 403 403 401`;
export const ORG_READERS = '200 200 200 403 403 403 403 401';
/** Readers of team A's projects, findings and metrics; and of team B's. */
export const TEAM_A_READERS = '200 200 200 200 200 404 403 401';
export const TEAM_B_READERS = '200 200 200 404 404 200 403 401';
