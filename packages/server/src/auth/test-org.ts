import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildHub } from '../app.js';
import type { HubDatabase } from '../db/database.js';
import type { GlobalRole, TeamRole } from '../db/schema.js';
import { registerAuthRoutes } from '../routes/auth-routes.js';
import { registerChampionRoutes } from '../routes/champion-routes.js';
import { registerConsultRoutes } from '../routes/consult-routes.js';
import { registerCtfHistoryRoutes } from '../routes/ctf-history-routes.js';
import { registerCtfRoutes } from '../routes/ctf-routes.js';
import { registerDeskRoutes } from '../routes/desk-routes.js';
import { registerGamificationRoutes } from '../routes/gamification-routes.js';
import { registerMetricsRoutes } from '../routes/metrics-routes.js';
import { registerOrgFindingRoutes } from '../routes/org-finding-routes.js';
import { registerOrgRoutes } from '../routes/org-routes.js';
import { registerPavedRoadRoutes } from '../routes/paved-road-routes.js';
import { registerPavedRoadScoreRoutes } from '../routes/paved-road-score-routes.js';
import { registerProjectScanRoutes } from '../routes/project-scan-routes.js';
import { registerRuleFeedbackRoutes } from '../routes/rule-feedback-routes.js';
import { registerThreatModelRoutes } from '../routes/threat-model-routes.js';
import { registerTokenRoutes } from '../routes/token-routes.js';
import { registerTrainingRoutes } from '../routes/training-routes.js';
import { registerSbomRoutes } from '../sbom/sbom-routes.js';
import { registerWebhookRoutes } from '../webhooks/webhook-routes.js';
import { registerAuthentication } from './authenticate.js';
import { canUpload, requireUser } from './authorize.js';
import type { CookiePolicy } from './cookies.js';
import { newApiToken, sha256Hex } from './credentials.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword } from './passwords.js';

// Test support only: a small organisation (two teams, a project each, a user per role, a CI
// token) and a hub with the authentication hook and the account routes. Passwords and
// tokens are made at run time, so no secret-looking literal sits in the repository.

/** A clock tests move by hand. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

/** A clock starting at a fixed instant. */
export function testClock(start = Date.UTC(2025, 0, 6, 9, 0, 0)): TestClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A random password that meets the policy. */
export function fakePassword(): string {
  return ['pw', randomBytes(12).toString('hex')].join('-');
}

/** A user of the test organisation, with the credentials to act as them. */
export interface TestUser {
  readonly id: string;
  readonly username: string;
  readonly password: string;
  /** A personal API token of the user. */
  readonly token: string;
}

/** Inserts a user (argon2id password, a personal token), optionally into a team. */
export async function addUser(
  hub: HubDatabase,
  at: number,
  username: string,
  globalRole: GlobalRole | null,
  team?: { id: string; role: TeamRole },
): Promise<TestUser> {
  const id = randomUUID();
  const password = fakePassword();
  await hub.db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: username,
      password_hash: await hashPassword(password),
      global_role: globalRole,
      created_at: at,
    })
    .execute();
  if (team) {
    await hub.db
      .insertInto('memberships')
      .values({ team_id: team.id, user_id: id, role: team.role, created_at: at })
      .execute();
  }
  const token = await addToken(hub, at, { kind: 'personal', userId: id });
  return { id, username, password, token };
}

/** Inserts an API token; returns the token itself. */
export async function addToken(
  hub: HubDatabase,
  at: number,
  owner: { kind: 'personal'; userId: string } | { kind: 'ci'; projectId: string },
): Promise<string> {
  const token = newApiToken(owner.kind);
  await hub.db
    .insertInto('tokens')
    .values({
      id: randomUUID(),
      kind: owner.kind,
      user_id: owner.kind === 'personal' ? owner.userId : null,
      project_id: owner.kind === 'ci' ? owner.projectId : null,
      name: `test ${owner.kind}`,
      token_hash: sha256Hex(token),
      created_at: at,
      last_used_at: null,
      expires_at: null,
      revoked_at: null,
    })
    .execute();
  return token;
}

/** Inserts a team; returns its id. */
export async function addTeam(hub: HubDatabase, at: number, slug: string): Promise<string> {
  const id = randomUUID();
  await hub.db.insertInto('teams').values({ id, slug, name: slug, created_at: at }).execute();
  return id;
}

/** Inserts a project of a team; returns its id. */
export async function addProject(
  hub: HubDatabase,
  at: number,
  name: string,
  teamId: string,
): Promise<string> {
  const id = randomUUID();
  await hub.db
    .insertInto('projects')
    .values({ id, name, repository: null, default_branch: 'main', team_id: teamId, created_at: at })
    .execute();
  return id;
}

/** The test organisation. */
export interface TestOrg {
  readonly teamA: string;
  readonly teamB: string;
  readonly projectA: string;
  readonly projectB: string;
  readonly admin: TestUser;
  readonly security: TestUser;
  readonly auditor: TestUser;
  /** Champion of team A. */
  readonly champion: TestUser;
  /** Developer in team A. */
  readonly developer: TestUser;
  /** Developer in team B only. */
  readonly outsider: TestUser;
  /** A CI token of project A. */
  readonly ciToken: string;
  /** A CI token of project B. */
  readonly ciTokenB: string;
}

/** Builds the test organisation in a fresh store. */
export async function buildTestOrg(hub: HubDatabase, at: number): Promise<TestOrg> {
  const teamA = await addTeam(hub, at, 'payments');
  const teamB = await addTeam(hub, at, 'search');
  const projectA = await addProject(hub, at, 'shop', teamA);
  const projectB = await addProject(hub, at, 'finder', teamB);
  return {
    teamA,
    teamB,
    projectA,
    projectB,
    admin: await addUser(hub, at, 'ada', 'admin'),
    security: await addUser(hub, at, 'sam', 'security'),
    auditor: await addUser(hub, at, 'audrey', 'auditor'),
    champion: await addUser(hub, at, 'cham', null, { id: teamA, role: 'champion' }),
    developer: await addUser(hub, at, 'dev', null, { id: teamA, role: 'developer' }),
    outsider: await addUser(hub, at, 'otto', null, { id: teamB, role: 'developer' }),
    ciToken: await addToken(hub, at, { kind: 'ci', projectId: projectA }),
    ciTokenB: await addToken(hub, at, { kind: 'ci', projectId: projectB }),
  };
}

/** The path of the stand-in upload route that {@link buildTestHub} adds. */
export const TEST_UPLOAD_ROUTE = '/api/v1/test/projects/:projectId/upload';

/**
 * A hub with the authentication hook and the account, token and organisation routes, the
 * organisation's findings list, scan histories and metrics, plus a stand-in upload route
 * guarded by `canUpload` (the real ingest route lives elsewhere).
 */
export async function buildTestHub(
  hub: HubDatabase,
  clock: TestClock,
  options: CookiePolicy & { throttle?: LoginThrottle; routes?: string[] } = {},
): Promise<FastifyInstance> {
  const app = buildHub({ database: hub, logger: false });
  const { routes, ...policy } = options;
  if (routes) {
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push(`${method} ${route.url}`);
    });
  }
  const now = clock.now;
  registerAuthentication(app, { database: hub, now, ...policy });
  registerAuthRoutes(app, { database: hub, now, ...policy });
  registerTokenRoutes(app, { database: hub, now });
  registerOrgRoutes(app, { database: hub, now });
  registerSbomRoutes(app, { database: hub, now });
  registerWebhookRoutes(app, { database: hub, now });
  registerOrgFindingRoutes(app, { database: hub });
  registerProjectScanRoutes(app, { database: hub });
  registerMetricsRoutes(app, { database: hub });
  registerThreatModelRoutes(app, { database: hub, now });
  registerChampionRoutes(app, { database: hub, now });
  registerDeskRoutes(app, { database: hub, now });
  registerConsultRoutes(app, { database: hub, now });
  registerRuleFeedbackRoutes(app, { database: hub, now });
  registerTrainingRoutes(app, { database: hub, now });
  registerCtfRoutes(app, { database: hub, now });
  registerCtfHistoryRoutes(app, { database: hub, now });
  registerGamificationRoutes(app, { database: hub, now });
  registerPavedRoadScoreRoutes(app, { database: hub, now });
  registerPavedRoadRoutes(app, { database: hub, now });
  app.post(TEST_UPLOAD_ROUTE, async (request, reply) => {
    const { projectId } = request.params as { projectId: string };
    if (request.principal === undefined) requireUser(undefined);
    const project = await hub.db
      .selectFrom('projects')
      .select(['id', 'team_id as teamId'])
      .where('id', '=', projectId)
      .executeTakeFirst();
    if (project === undefined || !canUpload(request.principal, project)) {
      return reply.status(403).send({ error: { code: 'FORBIDDEN', message: 'no upload' } });
    }
    return reply.status(202).send({ accepted: true });
  });
  await app.ready();
  return app;
}

/** Signs in with a password; returns the cookie header and CSRF token of the new session. */
export async function signIn(
  app: FastifyInstance,
  user: { username: string; password: string },
): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: user.username, password: user.password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  return {
    cookie: setCookie.split(';')[0] as string,
    csrf: (res.json() as { csrfToken: string }).csrfToken,
  };
}
