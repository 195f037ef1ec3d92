import { randomUUID } from 'node:crypto';
import {
  type Case,
  type Context,
  ORG_READERS,
  SECURITY_ONLY,
  unique,
} from '../../auth/role-matrix-support.js';
import { ctfDb } from '../tables.js';
import { changeDraft, generateDraft } from './draft-store.js';

// The role matrix's cases for the CTF history routes (routes/ctf-history-routes.ts). Each
// case that changes something makes its own fixed finding (and draft, and event), so every
// role's call meets the same state.

const HOUR = 60 * 60 * 1000;

/** A fixed code finding of project A with a snippet and a CWE, inserted as ingest stores one. */
export async function addFixedFinding(
  c: Context,
  snippet = 'db.query("x" + id);',
): Promise<string> {
  const id = randomUUID();
  const fingerprint = unique('fp');
  await c.hub.db
    .insertInto('findings')
    .values({
      id,
      project_id: c.org.projectA,
      fingerprint,
      rule_id: 'sast.sql-injection',
      scanner: 'sast',
      severity: 'high',
      severity_override: null,
      title: 'SQL injection',
      status: 'fixed',
      data: JSON.stringify({
        ruleId: 'sast.sql-injection',
        scanner: 'sast',
        tool: { name: 'rampart', version: '0.1.0' },
        title: 'SQL injection',
        message: 'query built from input',
        severity: 'high',
        confidence: 'high',
        cwe: ['CWE-89'],
        location: {
          kind: 'code',
          path: 'src/db.js',
          region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 10 },
          snippet,
        },
        references: [],
        tags: [],
        fingerprint,
      }),
      first_seen_at: c.at - 2 * HOUR,
      first_seen_stage: 'main',
      first_scan_id: 's1',
      last_seen_at: c.at - 2 * HOUR,
      last_scan_id: 's1',
      fixed_at: c.at - HOUR,
      assignee_id: null,
      accepted_until: null,
    })
    .execute();
  return id;
}

async function addDraft(c: Context, approved = false): Promise<string> {
  const draftId = await generateDraft(c.hub, await addFixedFinding(c), c.org.security.id, c.at);
  if (approved) await changeDraft(c.hub, draftId, { action: 'approve' }, c.org.security.id, c.at);
  return draftId;
}

async function addEvent(c: Context): Promise<string> {
  const id = randomUUID();
  await ctfDb(c.hub.db)
    .insertInto('ctf_events')
    .values({
      id,
      name: unique('ctf'),
      description: '',
      starts_at: c.at - HOUR,
      ends_at: c.at + 24 * HOUR,
      freeze_at: null,
      visibility: 'organisation',
      mode: 'individual',
      created_by: null,
      created_at: c.at,
      updated_at: c.at,
    })
    .execute();
  return id;
}

export const CTF_HISTORY_ROLE_CASES: readonly Case[] = [
  {
    method: 'GET',
    route: '/api/v1/ctf/history/candidates',
    prepare: async (c) => {
      await addFixedFinding(c);
      return { url: '/api/v1/ctf/history/candidates?cwe=CWE-89&limit=5' };
    },
    expected: ORG_READERS,
  },
  {
    method: 'POST',
    route: '/api/v1/ctf/history/drafts',
    prepare: async (c) => ({
      url: '/api/v1/ctf/history/drafts',
      payload: { findingId: await addFixedFinding(c) },
    }),
    expected: SECURITY_ONLY(201),
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/history/drafts',
    prepare: () => ({ url: '/api/v1/ctf/history/drafts?status=draft' }),
    expected: ORG_READERS,
  },
  {
    method: 'GET',
    route: '/api/v1/ctf/history/drafts/:draftId',
    prepare: async (c) => ({ url: `/api/v1/ctf/history/drafts/${await addDraft(c)}` }),
    expected: ORG_READERS,
  },
  {
    method: 'PATCH',
    route: '/api/v1/ctf/history/drafts/:draftId',
    prepare: async (c) => ({
      url: `/api/v1/ctf/history/drafts/${await addDraft(c)}`,
      payload: { title: unique('t'), action: 'approve' },
    }),
    expected: SECURITY_ONLY(200),
  },
  {
    method: 'POST',
    route: '/api/v1/ctf/history/drafts/:draftId/publish',
    prepare: async (c) => ({
      url: `/api/v1/ctf/history/drafts/${await addDraft(c, true)}/publish`,
      payload: { eventId: await addEvent(c), points: 100 },
    }),
    expected: SECURITY_ONLY(201),
  },
];
