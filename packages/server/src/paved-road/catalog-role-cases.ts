import {
  ALL_USERS,
  type Case,
  type Context,
  SECURITY_ONLY,
  unique,
} from '../auth/role-matrix-support.js';
import { createTemplateVersion, currentRevision, savePolicy } from './catalog-store.js';

// The role matrix's cases for the paved-road catalog (routes/paved-road-routes.ts): every
// signed-in user reads it, security and admin edit it, and the policy file is readable by a
// CI token as well (the CLI fetches it during CI scans).

/** A valid policy, unique per call (the same text as the current one is no new revision). */
const policyText = (tag: string) => `# ${tag}
version: 1
name: Matrix road
libraries:
  npm:
    banned:
      - name: left-pad
        replacement: String.prototype.padStart
scanners: [sast, secrets]
`;

/** The current revision number (null while empty). */
const base = async (c: Context) => (await currentRevision(c.hub))?.revision ?? null;

/** Makes sure the catalog has a policy; returns the current revision. */
const ensurePolicy = async (c: Context) => {
  const current = await base(c);
  if (current !== null) return current;
  return (
    await savePolicy(c.hub, {
      yaml: policyText(unique('seed')),
      baseRevision: null,
      actorId: c.org.security.id,
      now: c.at,
    })
  ).revision;
};

const templateBody = () => ({
  version: '1.0.0',
  ci: 'github' as const,
  description: 'A matrix template',
  files: [{ path: 'SECURITY.md', content: '# Security\n' }],
});

/** A template with one version; returns its name. */
const freshTemplate = async (c: Context) => {
  const name = unique('tpl');
  await createTemplateVersion(c.hub, {
    name,
    ...templateBody(),
    actorId: c.org.security.id,
    now: c.at,
  });
  return name;
};

export const CATALOG_ROLE_CASES: readonly Case[] = [
  {
    method: 'GET',
    route: '/api/v1/paved-road',
    prepare: () => ({ url: '/api/v1/paved-road' }),
    expected: ALL_USERS,
  },
  {
    method: 'PUT',
    route: '/api/v1/paved-road',
    prepare: async (c) => ({
      url: '/api/v1/paved-road',
      payload: { yaml: policyText(unique('put')), baseRevision: await base(c) },
    }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'PATCH',
    route: '/api/v1/paved-road',
    prepare: async (c) => ({
      url: '/api/v1/paved-road',
      payload: {
        ops: [{ op: 'set', path: ['name'], value: unique('road') }],
        baseRevision: await ensurePolicy(c),
      },
    }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/revisions',
    prepare: () => ({ url: '/api/v1/paved-road/revisions' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/revisions/:revision',
    prepare: async (c) => ({ url: `/api/v1/paved-road/revisions/${await ensurePolicy(c)}` }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road.yml',
    what: 'any user, and the CI token of any project',
    prepare: async (c) => {
      await ensurePolicy(c);
      return { url: '/api/v1/paved-road.yml' };
    },
    expected: '200 200 200 200 200 200 200 401',
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/templates',
    prepare: () => ({ url: '/api/v1/paved-road/templates' }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/templates/:name',
    prepare: async (c) => ({ url: `/api/v1/paved-road/templates/${await freshTemplate(c)}` }),
    expected: ALL_USERS,
  },
  {
    method: 'GET',
    route: '/api/v1/paved-road/templates/:name/versions',
    prepare: async (c) => ({
      url: `/api/v1/paved-road/templates/${await freshTemplate(c)}/versions`,
    }),
    expected: ALL_USERS,
  },
  {
    method: 'POST',
    route: '/api/v1/paved-road/templates/:name/versions',
    prepare: () => ({
      url: `/api/v1/paved-road/templates/${unique('tpl')}/versions`,
      payload: templateBody(),
    }),
    expected: SECURITY_ONLY(201),
  },
  {
    method: 'PUT',
    route: '/api/v1/paved-road/templates/:name/deprecated',
    prepare: async (c) => ({
      url: `/api/v1/paved-road/templates/${await freshTemplate(c)}/deprecated`,
      payload: { deprecated: true },
    }),
    expected: SECURITY_ONLY(200),
  },
];
