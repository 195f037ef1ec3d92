import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAMPION_ROLE_CASES } from '../champions/champion-role-cases.js';
import { CONSULT_ROLE_CASES } from '../consults/consult-role-cases.js';
import { CTF_ROLE_CASES } from '../ctf/ctf-role-cases.js';
import { CTF_HISTORY_ROLE_CASES } from '../ctf/history/ctf-history-role-cases.js';
import type { HubDatabase } from '../db/database.js';
import { DESK_ROLE_CASES } from '../desk/desk-role-cases.js';
import { FEEDBACK_ROLE_CASES } from '../feedback/feedback-role-cases.js';
import { GAMIFICATION_ROLE_CASES } from '../gamification/gamification-role-cases.js';
import { CATALOG_ROLE_CASES } from '../paved-road/catalog-role-cases.js';
import { SCORECARD_ROLE_CASES } from '../paved-road/scorecard-role-cases.js';
import { storeSbom } from '../sbom/sbom-store.js';
import { freshDatabase, TEST_DIALECTS } from '../test-support/databases.js';
import { saveThreatModel } from '../threat-models/threat-model-store.js';
import { TRAINING_ROLE_CASES } from '../training/training-role-cases.js';
import { addWebhook } from '../webhooks/webhook-test-support.js';
import { sha256Hex } from './credentials.js';
import { LoginThrottle } from './login-throttle.js';
import {
  ADMIN_ONLY,
  ALL_USERS,
  bareUser,
  type Case,
  type Context,
  ORG_READERS,
  ROLES,
  type Role,
  SECURITY_ONLY,
  TEAM_A_READERS,
  TEAM_B_READERS,
  unique,
} from './role-matrix-support.js';
import {
  addProject,
  addTeam,
  addToken,
  addUser,
  buildTestHub,
  buildTestOrg,
  fakePassword,
  signIn,
  TEST_UPLOAD_ROUTE,
  type TestClock,
  type TestOrg,
  type TestUser,
  testClock,
} from './test-org.js';

// Every route the account modules register, called as every role, inside and outside the
// team, with ids of another team's resources (IDOR): the status says allowed or denied.
// Targets are in team A unless the case says otherwise. Users authenticate once with a
// browser session (CSRF token on writes) and once with a personal API token.

const slaPolicy = async (c: Context, teamId: string | null) => {
  const id = randomUUID();
  await c.hub.db
    .insertInto('sla_policies')
    .values({ id, team_id: teamId, severity: 'low', days: 90, created_at: c.at })
    .execute();
  return id;
};
const tokenId = async (c: Context, token: string) => {
  const row = await c.hub.db
    .selectFrom('tokens')
    .select('id')
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirstOrThrow();
  return row.id;
};

/** A small CycloneDX SBOM, unique per call (a stored SBOM is idempotent by content). */
const sbomPayload = () => ({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  serialNumber: `urn:uuid:${randomUUID()}`,
  components: [{ type: 'library', name: 'qs', version: '6.7.0', purl: 'pkg:npm/qs@6.7.0' }],
});
const storedSbom = async (c: Context, projectId: string) =>
  (
    await storeSbom(c.hub, {
      projectId,
      text: JSON.stringify(sbomPayload()),
      stage: 'main',
      uploader: { userId: c.self.id },
      now: c.at,
    })
  ).sbomId;

/** A threat model giving TM-S-001@api; `extra` makes the document unique (an upload of the same document is a no-op). */
const threatModelYaml = (extra = '') => `version: 1
name: Matrix
elements:
  - id: api
    type: process
    name: API
    attributes: { internetFacing: true, authenticates: false }
${extra}`;
/** Makes the matrix model the project's latest revision (a no-op when it is already). */
const storedThreatModel = async (c: Context, projectId: string) => {
  await saveThreatModel(c.hub, {
    projectId,
    source: threatModelYaml(),
    origin: 'api',
    author: { kind: 'user', userId: c.self.id },
    now: c.at,
  });
};
const threatUrl = (projectId: string) =>
  `/api/v1/projects/${projectId}/threat-model/threats/${encodeURIComponent('TM-S-001@api')}`;

/** A webhook whose receiver is down (a test ping fails fast, with a 200 answer saying so). */
const webhook = async (c: Context) => (await addWebhook(c.hub, 'http://127.0.0.1:1/hook')).id;

/** The metrics routes: every one reads the caller's scope, a team they may not read is 404. */
const METRICS = [
  'mttr',
  'half-life',
  'escape-rate',
  'sla',
  'open-age',
  'prevented',
  'top-cwes',
  'trend',
] as const;
const WINDOW = 'from=2025-01-01&to=2025-04-01';

const CORE_CASES: readonly Case[] = [
  // ---- sign-in ----
  {
    method: 'POST',
    route: '/api/v1/auth/login',
    prepare: (c) => ({
      url: '/api/v1/auth/login',
      payload: { username: c.matrixUser.username, password: c.matrixUser.password },
    }),
    expected: '200 200 200 200 200 200 200 200',
  },
  {
    method: 'GET',
    route: '/api/v1/auth/me',
    prepare: () => ({ url: '/api/v1/auth/me' }),
    expected: ALL_USERS,
  },
  {
    method: 'POST',
    route: '/api/v1/auth/password',
    what: 'a too-short new password: reaching validation means allowed',
    prepare: () => ({
      url: '/api/v1/auth/password',
      payload: { currentPassword: 'x', newPassword: 'short' },
    }),
    expected: '400 400 400 400 400 400 403 401',
  },
  // ---- personal tokens ----
  {
    method: 'POST',
    route: '/api/v1/me/tokens',
    prepare: () => ({ url: '/api/v1/me/tokens', payload: { name: 'matrix' } }),
    expected: '201 201 201 201 201 201 403 401',
    expectedWithTokens: '403 403 403 403 403 403 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/me/tokens',
    prepare: () => ({ url: '/api/v1/me/tokens' }),
    expected: ALL_USERS,
  },
  {
    method: 'DELETE',
    route: '/api/v1/me/tokens/:tokenId',
    what: 'own token',
    prepare: async (c) => {
      const token = await addToken(c.hub, c.at, { kind: 'personal', userId: c.self.id });
      return { url: `/api/v1/me/tokens/${await tokenId(c, token)}` };
    },
    expected: '204 204 204 204 204 204 403 401',
  },
  {
    method: 'DELETE',
    route: '/api/v1/me/tokens/:tokenId',
    what: "another user's token (IDOR)",
    prepare: async (c) => ({ url: `/api/v1/me/tokens/${await tokenId(c, c.victim.token)}` }),
    expected: '404 404 404 404 404 404 403 401',
  },
  // ---- CI tokens ----
  {
    method: 'POST',
    route: '/api/v1/projects/:projectId/tokens',
    what: 'project of team A',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectA}/tokens`, payload: { name: 'ci' } }),
    expected: '201 201 403 201 403 404 403 401',
  },
  {
    method: 'POST',
    route: '/api/v1/projects/:projectId/tokens',
    what: 'project of team B (IDOR for team A)',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectB}/tokens`, payload: { name: 'ci' } }),
    expected: '201 201 403 404 404 403 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:projectId/tokens',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectA}/tokens` }),
    expected: '200 200 200 200 403 404 403 401',
  },
  {
    method: 'DELETE',
    route: '/api/v1/projects/:projectId/tokens/:tokenId',
    what: 'a CI token of the project',
    prepare: async (c) => {
      const token = await addToken(c.hub, c.at, { kind: 'ci', projectId: c.org.projectA });
      return { url: `/api/v1/projects/${c.org.projectA}/tokens/${await tokenId(c, token)}` };
    },
    expected: '204 204 403 204 403 404 403 401',
  },
  {
    method: 'DELETE',
    route: '/api/v1/projects/:projectId/tokens/:tokenId',
    what: "project A's path with project B's token (IDOR)",
    prepare: async (c) => ({
      url: `/api/v1/projects/${c.org.projectA}/tokens/${await tokenId(c, c.org.ciTokenB)}`,
    }),
    expected: '404 404 403 404 403 404 403 401',
  },
  // ---- teams ----
  {
    method: 'GET',
    route: '/api/v1/teams',
    prepare: () => ({ url: '/api/v1/teams' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/teams/:teamId',
    what: 'team A',
    prepare: (c) => ({ url: `/api/v1/teams/${c.org.teamA}` }),
    expected: '200 200 200 200 200 404 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/teams/:teamId',
    what: 'team B (IDOR for team A)',
    prepare: (c) => ({ url: `/api/v1/teams/${c.org.teamB}` }),
    expected: '200 200 200 404 404 200 403 401',
  },
  {
    method: 'POST',
    route: '/api/v1/teams',
    prepare: () => ({ url: '/api/v1/teams', payload: { slug: unique('t'), name: 'T' } }),
    expected: ADMIN_ONLY(201),
  },
  {
    method: 'PATCH',
    route: '/api/v1/teams/:teamId',
    prepare: async (c) => ({
      url: `/api/v1/teams/${await addTeam(c.hub, c.at, unique('t'))}`,
      payload: { name: 'N' },
    }),
    expected: ADMIN_ONLY(200),
  },
  {
    method: 'DELETE',
    route: '/api/v1/teams/:teamId',
    prepare: async (c) => ({ url: `/api/v1/teams/${await addTeam(c.hub, c.at, unique('t'))}` }),
    expected: ADMIN_ONLY(204),
  },
  {
    method: 'PUT',
    route: '/api/v1/teams/:teamId/members/:userId',
    prepare: async (c) => ({
      url: `/api/v1/teams/${c.org.teamA}/members/${await bareUser(c)}`,
      payload: { role: 'developer' },
    }),
    expected: ADMIN_ONLY(200),
  },
  {
    method: 'DELETE',
    route: '/api/v1/teams/:teamId/members/:userId',
    prepare: async (c) => {
      const userId = await bareUser(c);
      await c.hub.db
        .insertInto('memberships')
        .values({ team_id: c.org.teamA, user_id: userId, role: 'developer', created_at: c.at })
        .execute();
      return { url: `/api/v1/teams/${c.org.teamA}/members/${userId}` };
    },
    expected: ADMIN_ONLY(204),
  },
  // ---- users ----
  {
    method: 'GET',
    route: '/api/v1/users',
    prepare: () => ({ url: '/api/v1/users' }),
    expected: '200 200 200 403 403 403 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/users/:userId',
    what: 'another user',
    prepare: (c) => ({ url: `/api/v1/users/${c.victim.id}` }),
    expected: '200 200 200 404 404 404 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/users/:userId',
    what: 'oneself',
    prepare: (c) => ({ url: `/api/v1/users/${c.self.id}` }),
    expected: ALL_USERS,
  },
  {
    method: 'POST',
    route: '/api/v1/users',
    prepare: () => ({
      url: '/api/v1/users',
      payload: { username: unique('new'), password: fakePassword() },
    }),
    expected: ADMIN_ONLY(201),
  },
  {
    method: 'PATCH',
    route: '/api/v1/users/:userId',
    prepare: async (c) => ({
      url: `/api/v1/users/${await bareUser(c)}`,
      payload: { globalRole: 'auditor' },
    }),
    expected: ADMIN_ONLY(200),
  },
  {
    method: 'DELETE',
    route: '/api/v1/users/:userId',
    prepare: async (c) => ({ url: `/api/v1/users/${await bareUser(c)}` }),
    expected: ADMIN_ONLY(204),
  },
  // ---- projects ----
  {
    method: 'GET',
    route: '/api/v1/projects',
    prepare: () => ({ url: '/api/v1/projects' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:projectId',
    what: 'project of team A',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectA}` }),
    expected: '200 200 200 200 200 404 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:projectId',
    what: 'project of team B (IDOR for team A)',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectB}` }),
    expected: '200 200 200 404 404 200 403 401',
  },
  {
    method: 'POST',
    route: '/api/v1/projects',
    what: 'in team A',
    prepare: (c) => ({
      url: '/api/v1/projects',
      payload: { name: unique('p'), teamId: c.org.teamA },
    }),
    expected: '201 201 403 201 403 404 403 401',
  },
  {
    method: 'POST',
    route: '/api/v1/projects',
    what: 'in team B (IDOR for team A)',
    prepare: (c) => ({
      url: '/api/v1/projects',
      payload: { name: unique('p'), teamId: c.org.teamB },
    }),
    expected: '201 201 403 404 404 403 403 401',
  },
  {
    method: 'PATCH',
    route: '/api/v1/projects/:projectId',
    what: 'project of team A',
    prepare: async (c) => ({
      url: `/api/v1/projects/${await addProject(c.hub, c.at, unique('p'), c.org.teamA)}`,
      payload: { defaultBranch: 'trunk' },
    }),
    expected: '200 200 403 200 403 404 403 401',
  },
  {
    method: 'PATCH',
    route: '/api/v1/projects/:projectId',
    what: 'project of team B (IDOR for team A)',
    prepare: async (c) => ({
      url: `/api/v1/projects/${await addProject(c.hub, c.at, unique('p'), c.org.teamB)}`,
      payload: { defaultBranch: 'trunk' },
    }),
    expected: '200 200 403 404 404 403 403 401',
  },
  {
    method: 'PATCH',
    route: '/api/v1/projects/:projectId',
    what: 'moving a project of team A into team B',
    prepare: async (c) => ({
      url: `/api/v1/projects/${await addProject(c.hub, c.at, unique('p'), c.org.teamA)}`,
      payload: { teamId: c.org.teamB },
    }),
    expected: '200 200 403 404 403 404 403 401',
  },
  {
    method: 'DELETE',
    route: '/api/v1/projects/:projectId',
    prepare: async (c) => ({
      url: `/api/v1/projects/${await addProject(c.hub, c.at, unique('p'), c.org.teamA)}`,
    }),
    expected: ADMIN_ONLY(204),
  },
  {
    method: 'GET',
    route: '/api/v1/projects',
    what: 'with their risk summary and last scan',
    prepare: () => ({ url: '/api/v1/projects?include=summary' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/scans',
    what: 'project of team A',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectA}/scans` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/scans',
    what: 'project of team B (IDOR for team A)',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectB}/scans` }),
    expected: TEAM_B_READERS,
  },
  // ---- the organisation's findings (each user's scope; filters they may not read are 404) ----
  {
    method: 'GET',
    route: '/api/v1/findings',
    prepare: () => ({ url: '/api/v1/findings' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/findings',
    what: "filtered to team A's project",
    prepare: (c) => ({ url: `/api/v1/findings?project=${c.org.projectA}&sort=severity` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/findings',
    what: "filtered to team B's project (IDOR for team A)",
    prepare: (c) => ({ url: `/api/v1/findings?project=${c.org.projectB}` }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/findings',
    what: 'filtered to team B (IDOR for team A)',
    prepare: (c) => ({ url: `/api/v1/findings?team=${c.org.teamB}` }),
    expected: TEAM_B_READERS,
  },
  // ---- metrics ----
  ...METRICS.flatMap((name): Case[] => [
    {
      method: 'GET',
      route: `/api/v1/metrics/${name}`,
      what: "the caller's scope",
      prepare: () => ({ url: `/api/v1/metrics/${name}?${WINDOW}` }),
      expected: ALL_USERS,
    },
    {
      method: 'GET',
      route: `/api/v1/metrics/${name}`,
      what: 'team B (IDOR for team A)',
      prepare: (c) => ({ url: `/api/v1/metrics/${name}?${WINDOW}&team=${c.org.teamB}` }),
      expected: TEAM_B_READERS,
    },
    {
      method: 'GET',
      route: `/api/v1/metrics/${name}`,
      what: "team A's project",
      prepare: (c) => ({ url: `/api/v1/metrics/${name}?${WINDOW}&project=${c.org.projectA}` }),
      expected: TEAM_A_READERS,
    },
  ]),
  // ---- SLA policies ----
  {
    method: 'GET',
    route: '/api/v1/sla-policies',
    prepare: () => ({ url: '/api/v1/sla-policies' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/sla-policies/:policyId',
    what: "team A's policy",
    prepare: (c) => ({ url: `/api/v1/sla-policies/${c.policyA}` }),
    expected: '200 200 200 200 200 404 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/sla-policies/:policyId',
    what: "the organisation's default",
    prepare: (c) => ({ url: `/api/v1/sla-policies/${c.policyDefault}` }),
    expected: ALL_USERS,
  },
  {
    method: 'POST',
    route: '/api/v1/sla-policies',
    prepare: async (c) => ({
      url: '/api/v1/sla-policies',
      payload: { teamId: await addTeam(c.hub, c.at, unique('t')), severity: 'high', days: 30 },
    }),
    expected: SECURITY_ONLY(201),
  },
  {
    method: 'PATCH',
    route: '/api/v1/sla-policies/:policyId',
    prepare: (c) => ({ url: `/api/v1/sla-policies/${c.policyA}`, payload: { days: 60 } }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'DELETE',
    route: '/api/v1/sla-policies/:policyId',
    prepare: async (c) => ({
      url: `/api/v1/sla-policies/${await slaPolicy(c, await addTeam(c.hub, c.at, unique('t')))}`,
    }),
    expected: SECURITY_ONLY(204),
  },
  // ---- uploads (a stand-in route guarded by canUpload) ----
  {
    method: 'POST',
    route: TEST_UPLOAD_ROUTE,
    what: 'to project A',
    prepare: (c) => ({ url: TEST_UPLOAD_ROUTE.replace(':projectId', c.org.projectA) }),
    expected: '202 202 403 202 202 403 202 401',
  },
  {
    method: 'POST',
    route: TEST_UPLOAD_ROUTE,
    what: 'to project B',
    prepare: (c) => ({ url: TEST_UPLOAD_ROUTE.replace(':projectId', c.org.projectB) }),
    expected: '202 202 403 403 403 202 403 401',
  },
  // ---- stored SBOMs (upload: like scans; read: the project's readers) ----
  {
    method: 'POST',
    route: '/api/v1/projects/:id/sboms',
    what: 'to project A',
    prepare: (c) => ({
      url: `/api/v1/projects/${c.org.projectA}/sboms?stage=main`,
      payload: sbomPayload(),
    }),
    expected: '201 201 403 201 201 404 201 401',
  },
  {
    method: 'POST',
    route: '/api/v1/projects/:id/sboms',
    what: 'to project B',
    prepare: (c) => ({
      url: `/api/v1/projects/${c.org.projectB}/sboms?stage=main`,
      payload: sbomPayload(),
    }),
    expected: '201 201 403 404 404 201 404 401',
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/sboms',
    what: "project A's",
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectA}/sboms` }),
    expected: '200 200 200 200 200 404 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/sboms',
    what: "project B's",
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectB}/sboms` }),
    expected: '200 200 200 404 404 200 404 401',
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/sboms/:sbomId',
    what: "project A's",
    prepare: async (c) => ({
      url: `/api/v1/projects/${c.org.projectA}/sboms/${await storedSbom(c, c.org.projectA)}`,
    }),
    expected: '200 200 200 200 200 404 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/sboms/:sbomId',
    what: "project A's SBOM under project B (IDOR)",
    prepare: async (c) => ({
      url: `/api/v1/projects/${c.org.projectB}/sboms/${await storedSbom(c, c.org.projectA)}`,
    }),
    expected: '404 404 404 404 404 404 404 401',
  },
  // ---- threat models (write: the project's writers and its CI token; read: its readers) ----
  {
    method: 'PUT',
    route: '/api/v1/projects/:id/threat-model',
    what: 'project A',
    prepare: (c) => ({
      url: `/api/v1/projects/${c.org.projectA}/threat-model`,
      payload: { yaml: threatModelYaml(`# ${randomUUID()}\n`) },
    }),
    expected: '201 201 403 201 201 404 201 401',
  },
  {
    method: 'PUT',
    route: '/api/v1/projects/:id/threat-model',
    what: 'project B',
    prepare: (c) => ({
      url: `/api/v1/projects/${c.org.projectB}/threat-model`,
      payload: { yaml: threatModelYaml(`# ${randomUUID()}\n`) },
    }),
    expected: '201 201 403 404 404 201 403 401',
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/threat-model',
    what: 'project A',
    prepare: async (c) => {
      await storedThreatModel(c, c.org.projectA);
      return { url: `/api/v1/projects/${c.org.projectA}/threat-model` };
    },
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/threat-model',
    what: 'project B',
    prepare: async (c) => {
      await storedThreatModel(c, c.org.projectB);
      return { url: `/api/v1/projects/${c.org.projectB}/threat-model` };
    },
    expected: TEAM_B_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/threat-model/diagram.svg',
    what: 'project A',
    prepare: async (c) => {
      await storedThreatModel(c, c.org.projectA);
      return { url: `/api/v1/projects/${c.org.projectA}/threat-model/diagram.svg` };
    },
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/threat-model/diagram.svg',
    what: 'project B',
    prepare: async (c) => {
      await storedThreatModel(c, c.org.projectB);
      return { url: `/api/v1/projects/${c.org.projectB}/threat-model/diagram.svg` };
    },
    expected: TEAM_B_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/threat-model/revisions',
    what: 'project A',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectA}/threat-model/revisions` }),
    expected: TEAM_A_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/projects/:id/threat-model/revisions',
    what: 'project B',
    prepare: (c) => ({ url: `/api/v1/projects/${c.org.projectB}/threat-model/revisions` }),
    expected: TEAM_B_READERS,
  },
  {
    method: 'PUT',
    route: '/api/v1/projects/:id/threat-model/threats/:threatId',
    what: 'mitigated, project A',
    prepare: async (c) => {
      await storedThreatModel(c, c.org.projectA);
      return {
        url: threatUrl(c.org.projectA),
        payload: { status: 'mitigated', evidence: 'mTLS at the gateway' },
      };
    },
    expected: '200 200 403 200 200 404 403 401',
  },
  {
    method: 'PUT',
    route: '/api/v1/projects/:id/threat-model/threats/:threatId',
    what: 'accepted: champions and security only',
    prepare: async (c) => {
      await storedThreatModel(c, c.org.projectA);
      return {
        url: threatUrl(c.org.projectA),
        payload: { status: 'accepted', reason: 'internal only' },
      };
    },
    expected: '200 200 403 200 403 404 403 401',
  },
  {
    method: 'PUT',
    route: '/api/v1/projects/:id/threat-model/threats/:threatId',
    what: 'project B',
    prepare: async (c) => {
      await storedThreatModel(c, c.org.projectB);
      return {
        url: threatUrl(c.org.projectB),
        payload: { status: 'mitigated', evidence: 'mTLS at the gateway' },
      };
    },
    expected: '200 200 403 404 404 200 403 401',
  },
  // ---- champions: security and admin set expertise, every signed-in user reads the directory ----
  {
    method: 'PUT',
    route: '/api/v1/teams/:teamId/champions/:userId/expertise',
    what: "team A's champion (a champion may not tag themselves)",
    prepare: (c) => ({
      url: `/api/v1/teams/${c.org.teamA}/champions/${c.org.champion.id}/expertise`,
      payload: { tags: ['crypto', 'owasp-top-10'] },
    }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'PUT',
    route: '/api/v1/teams/:teamId/champions/:userId/expertise',
    what: 'a champion of team B',
    prepare: async (c) => {
      const userId = await bareUser(c);
      await c.hub.db
        .insertInto('memberships')
        .values({ team_id: c.org.teamB, user_id: userId, role: 'champion', created_at: c.at })
        .execute();
      return {
        url: `/api/v1/teams/${c.org.teamB}/champions/${userId}/expertise`,
        payload: { tags: ['authn'] },
      };
    },
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'GET',
    route: '/api/v1/champions',
    prepare: () => ({ url: '/api/v1/champions' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/champions',
    what: 'filtered to team B: the directory is not team-scoped',
    prepare: (c) => ({ url: `/api/v1/champions?teamId=${c.org.teamB}&expertise=authn` }),
    expected: ALL_USERS,
  },
  // ---- operations: Prometheus metrics (org readers; the metrics token is tested apart) ----
  {
    method: 'GET',
    route: '/metrics',
    prepare: () => ({ url: '/metrics' }),
    expected: '200 200 200 403 403 403 403 401',
  },
  // ---- the OpenAPI document: public ----
  {
    method: 'GET',
    route: '/api/docs',
    prepare: () => ({ url: '/api/docs' }),
    expected: '200 200 200 200 200 200 200 200',
  },
  {
    method: 'GET',
    route: '/api/docs/openapi.json',
    prepare: () => ({ url: '/api/docs/openapi.json' }),
    expected: '200 200 200 200 200 200 200 200',
  },
  // ---- webhooks: security and admin manage, auditors read, others are refused ----
  {
    method: 'GET',
    route: '/api/v1/webhooks',
    prepare: () => ({ url: '/api/v1/webhooks' }),
    expected: ORG_READERS,
  },
  {
    method: 'POST',
    route: '/api/v1/webhooks',
    prepare: () => ({
      url: '/api/v1/webhooks',
      payload: { name: 'matrix', url: 'https://example.com/hook', events: ['sla.breach'] },
    }),
    expected: SECURITY_ONLY(201),
  },
  {
    method: 'GET',
    route: '/api/v1/webhooks/:id',
    prepare: async (c) => ({ url: `/api/v1/webhooks/${await webhook(c)}` }),
    expected: ORG_READERS,
  },
  {
    method: 'PATCH',
    route: '/api/v1/webhooks/:id',
    prepare: async (c) => ({
      url: `/api/v1/webhooks/${await webhook(c)}`,
      payload: { active: false },
    }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'DELETE',
    route: '/api/v1/webhooks/:id',
    prepare: async (c) => ({ url: `/api/v1/webhooks/${await webhook(c)}` }),
    expected: SECURITY_ONLY(204),
  },
  {
    method: 'POST',
    route: '/api/v1/webhooks/:id/rotate-secret',
    prepare: async (c) => ({ url: `/api/v1/webhooks/${await webhook(c)}/rotate-secret` }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'GET',
    route: '/api/v1/webhooks/:id/deliveries',
    prepare: async (c) => ({ url: `/api/v1/webhooks/${await webhook(c)}/deliveries` }),
    expected: ORG_READERS,
  },
  {
    method: 'POST',
    route: '/api/v1/webhooks/:id/test',
    prepare: async (c) => ({ url: `/api/v1/webhooks/${await webhook(c)}/test` }),
    expected: SECURITY_ONLY(200),
  },
];

/**
 * Every case: the core routes', then each feature area's (its `*-role-cases.ts`), then
 * logout, last because it ends the sessions the other cases use.
 */
const CASES: readonly Case[] = [
  ...CORE_CASES,
  ...CATALOG_ROLE_CASES,
  ...SCORECARD_ROLE_CASES,
  ...CTF_HISTORY_ROLE_CASES,
  ...GAMIFICATION_ROLE_CASES,
  ...CTF_ROLE_CASES,
  ...CONSULT_ROLE_CASES,
  ...FEEDBACK_ROLE_CASES,
  ...DESK_ROLE_CASES,
  ...CHAMPION_ROLE_CASES,
  ...TRAINING_ROLE_CASES,
  {
    method: 'POST',
    route: '/api/v1/auth/logout',
    prepare: () => ({ url: '/api/v1/auth/logout' }),
    expected: '204 204 204 204 204 204 403 204',
  },
];

describe.each(TEST_DIALECTS)('the role matrix on %s', (dialect) => {
  let hub: HubDatabase;
  let drop: () => Promise<void>;
  let clock: TestClock;
  let org: TestOrg;
  let app: FastifyInstance;
  let base: Omit<Context, 'self'>;
  const routes: string[] = [];

  beforeAll(async () => {
    ({ hub, drop } = await freshDatabase(dialect));
    clock = testClock();
    org = await buildTestOrg(hub, clock.now());
    app = await buildTestHub(hub, clock, {
      routes,
      throttle: new LoginThrottle({ now: clock.now, limit: 1_000 }),
    });
    base = {
      hub,
      org,
      at: clock.now(),
      matrixUser: await addUser(hub, clock.now(), 'matrix', null),
      victim: await addUser(hub, clock.now(), 'victim', null, { id: org.teamA, role: 'developer' }),
      policyA: await slaPolicy({ hub, at: clock.now() } as Context, org.teamA),
      policyDefault: await slaPolicy({ hub, at: clock.now() } as Context, null),
    };
  });
  afterAll(async () => {
    await app.close();
    await drop();
  });

  it('covers every route the account modules register', () => {
    const covered = new Set(CASES.map((c) => `${c.method} ${c.route}`));
    const registered = routes.filter(
      (r) => !r.startsWith('HEAD ') && !/ \/(healthz|readyz)$/.test(r),
    );
    expect([...new Set(registered)].sort()).toEqual([...covered].sort());
  });

  describe.each(['session', 'token'] as const)('users signed in with a %s', (mode) => {
    const headers = new Map<Role, Record<string, string>>();
    const userOf = (role: Role): TestUser | undefined =>
      role === 'ci' || role === 'anonymous' ? undefined : org[role];

    beforeAll(async () => {
      for (const role of ROLES) {
        const user = userOf(role);
        if (role === 'ci') headers.set(role, { authorization: `Bearer ${org.ciToken}` });
        else if (user === undefined) headers.set(role, {});
        else if (mode === 'token') headers.set(role, { authorization: `Bearer ${user.token}` });
        else {
          const { cookie, csrf } = await signIn(app, user);
          headers.set(role, { cookie, 'x-csrf-token': csrf });
        }
      }
    });

    it.each(
      CASES.map((c) => [`${c.method} ${c.route}${c.what ? ` (${c.what})` : ''}`, c] as const),
    )('%s', async (_name, c) => {
      const actual: Record<string, number> = {};
      for (const role of ROLES) {
        const { url, payload } = await c.prepare({ ...base, self: userOf(role) ?? org.developer });
        const res = await app.inject({
          method: c.method,
          url,
          headers: headers.get(role) ?? {},
          ...(payload ? { payload } : {}),
        });
        actual[role] = res.statusCode;
      }
      const statuses = (mode === 'token' ? (c.expectedWithTokens ?? c.expected) : c.expected).split(
        ' ',
      );
      expect(actual).toEqual(
        Object.fromEntries(ROLES.map((role, i) => [role, Number(statuses[i])])),
      );
    });
  });
});
