import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ensure, isOrgReader, isSecurity, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import { canReadEvent } from '../ctf/ctf-access.js';
import { findEvent } from '../ctf/event-store.js';
import { FLAG_FORMAT_TEXT } from '../ctf/history/challenge-text.js';
import {
  changeDraft,
  draftViews,
  generateDraft,
  listCandidates,
  publishDraft,
} from '../ctf/history/draft-store.js';
import { ctfDb } from '../ctf/tables.js';
import type { HubDatabase } from '../db/database.js';
import { docs } from '../openapi/route-docs.js';

/** What the CTF history routes need. */
export interface CtfHistoryRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

const id = z.string().min(1).max(100);
const cwe = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^CWE-[1-9][0-9]*$/, 'a CWE id such as CWE-79');
const draftParams = z.strictObject({ draftId: id });
const candidatesQuery = z.strictObject({
  cwe: cwe.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const draftsQuery = z.strictObject({
  status: z.enum(['draft', 'approved', 'rejected', 'published']).optional(),
});
const generateBody = z.strictObject({ findingId: id });
const patchBody = z.strictObject({
  snippet: z.string().min(1).max(10_000).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().min(1).max(5_000).optional(),
  line: z.number().int().min(1).max(1_000).optional(),
  cwe: cwe.optional(),
  action: z.enum(['approve', 'reject', 'reopen']).optional(),
});
const publishBody = z.strictObject({
  eventId: id,
  scoring: z.enum(['static', 'dynamic']).default('static'),
  points: z.number().int().min(0).max(100_000),
  minimum: z.number().int().min(0).max(100_000).optional(),
  decay: z.number().int().min(1).max(100_000).optional(),
  published: z.boolean().default(true),
});

const DRAFT_SHAPE =
  '`{ id, findingId, status, snippet, lines, line, cwe, cweName, category, language, title, description, replacements: { kind: count }, replacementSummary, notes, preview, createdBy, createdAt, updatedAt, reviewedBy, reviewedAt, challengeId, eventId }`';

/**
 * Registers the routes of "spot the bug" challenges from the organisation's fixed findings
 * (docs/hub-ctf.md, "Challenges from our own history"): candidates, drafts (generated with
 * the snippet anonymised), their review, and publishing into a CTF event. Security and admin
 * run it; auditors read it.
 */
export function registerCtfHistoryRoutes(
  app: FastifyInstance,
  options: CtfHistoryRoutesOptions,
): void {
  const now = options.now ?? Date.now;

  const readDraft = async (draftId: string) => {
    const [draft] = await draftViews(options.database, { id: draftId });
    if (draft === undefined) throw notFound('draft');
    return draft;
  };

  app.get(
    '/api/v1/ctf/history/candidates',
    {
      config: docs({
        summary: 'Fixed findings that could become challenges',
        description:
          'Fixed code findings with a snippet and a CWE (`cwe` filters), the latest fixes first, leaving out those already used for a draft. The snippet is not returned: a draft shows it anonymised. Admin, security and auditors.',
        tags: ['ctf'],
        access: 'org-reader',
        query: candidatesQuery,
        responses: {
          200: '`{ candidates: [{ findingId, ruleId, title, severity, scanner, cwe, projectId, projectName, fixedAt, lines }] }`',
          403: 'FORBIDDEN: not admin, security or auditor.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isOrgReader(principal), 'read challenge candidates');
      const query = parseInput(candidatesQuery, request.query, 'query');
      return {
        candidates: await listCandidates(options.database, {
          limit: query.limit,
          ...(query.cwe === undefined ? {} : { cwe: query.cwe }),
        }),
      };
    },
  );

  app.post(
    '/api/v1/ctf/history/drafts',
    {
      config: docs({
        summary: 'Generate a challenge draft from a fixed finding',
        description:
          "Builds a draft from the finding's stored snippet: anonymised (secrets by Rampart's detectors and by entropy, e-mail addresses, URLs, IP addresses, host names, file paths keeping the extension, people's names, project, repository and team names), its lines numbered, the vulnerable line (the snippet's first), the CWE, a title and the question. Only the anonymised snippet is stored; `replacements` counts what was replaced per kind. Security and admin only. Audit-logged.",
        tags: ['ctf'],
        access: 'security',
        body: generateBody,
        responses: {
          201: `The draft: ${DRAFT_SHAPE}.`,
          400: 'NOT_A_CANDIDATE: no code snippet or no CWE.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such finding.',
          409: 'FINDING_NOT_FIXED, or DRAFT_EXISTS.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'generate a challenge draft');
      const { findingId } = parseInput(generateBody, request.body, 'body');
      const draftId = await generateDraft(options.database, findingId, principal.userId, now());
      return reply.status(201).send(await readDraft(draftId));
    },
  );

  app.get(
    '/api/v1/ctf/history/drafts',
    {
      config: docs({
        summary: 'Challenge drafts from fixed findings',
        description:
          'The drafts, newest first (`status` filters), each with its anonymised snippet and what was replaced. Admin, security and auditors.',
        tags: ['ctf'],
        access: 'org-reader',
        query: draftsQuery,
        responses: {
          200: `\`{ drafts: [draft] }\`, a draft being ${DRAFT_SHAPE}.`,
          403: 'FORBIDDEN: not admin, security or auditor.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isOrgReader(principal), 'read challenge drafts');
      const { status } = parseInput(draftsQuery, request.query, 'query');
      return {
        drafts: await draftViews(options.database, status === undefined ? {} : { status }),
      };
    },
  );

  app.get(
    '/api/v1/ctf/history/drafts/:draftId',
    {
      config: docs({
        summary: 'Read a challenge draft',
        description: `One draft, with \`preview\`: the challenge's description as players will read it (the text, "${FLAG_FORMAT_TEXT}", and the numbered snippet). Admin, security and auditors.`,
        tags: ['ctf'],
        access: 'org-reader',
        params: draftParams,
        responses: {
          200: `The draft: ${DRAFT_SHAPE}.`,
          403: 'FORBIDDEN: not admin, security or auditor.',
          404: 'No such draft.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isOrgReader(principal), 'read a challenge draft');
      const { draftId } = parseInput(draftParams, request.params, 'params');
      return readDraft(draftId);
    },
  );

  app.patch(
    '/api/v1/ctf/history/drafts/:draftId',
    {
      config: docs({
        summary: 'Review a challenge draft',
        description:
          "Edits the anonymised snippet, title, description, vulnerable line or CWE (only while the status is `draft`), and/or decides: `approve` (draft → approved; the draft is then frozen; refused with SNIPPET_HAS_SECRET if Rampart's secret detectors find something in the snippet), `reject` (draft or approved → rejected), `reopen` (rejected → draft). Security and admin only. Audit-logged.",
        tags: ['ctf'],
        access: 'security',
        params: draftParams,
        body: patchBody,
        responses: {
          200: `The draft: ${DRAFT_SHAPE}.`,
          400: 'VALIDATION: e.g. a line outside the snippet.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such draft.',
          409: 'DRAFT_FROZEN (an edit of a draft no longer in `draft`), DRAFT_STATUS (a decision its status does not allow), SNIPPET_HAS_SECRET.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'review a challenge draft');
      const { draftId } = parseInput(draftParams, request.params, 'params');
      const body = parseInput(patchBody, request.body ?? {}, 'body');
      await changeDraft(options.database, draftId, body, principal.userId, now());
      return readDraft(draftId);
    },
  );

  app.post(
    '/api/v1/ctf/history/drafts/:draftId/publish',
    {
      config: docs({
        summary: 'Publish an approved draft as a CTF challenge',
        description: `Creates a challenge in the event from an approved draft: its title, a category from the CWE, the description (the draft's text, "${FLAG_FORMAT_TEXT}", and the numbered snippet as a code block), static \`points\` or dynamic scoring (\`points\` is the initial value, with \`minimum\` and \`decay\`), and the case-insensitive flag \`L<line>:CWE-<number>\`, stored as an argon2id hash. Security and admin only. Audit-logged.`,
        tags: ['ctf'],
        access: 'security',
        params: draftParams,
        body: publishBody,
        responses: {
          201: '`{ challengeId, eventId, draft }`',
          400: 'VALIDATION: e.g. dynamic scoring without decay.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such draft or event.',
          409: 'DRAFT_NOT_APPROVED: only an approved draft can be published.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(isSecurity(principal), 'publish a challenge draft');
      const { draftId } = parseInput(draftParams, request.params, 'params');
      const body = parseInput(publishBody, request.body, 'body');
      await readDraft(draftId);
      const event = await findEvent(ctfDb(options.database.db), body.eventId);
      if (event === undefined || !canReadEvent(principal, event)) throw notFound('event');
      const challengeId = await publishDraft(
        options.database,
        draftId,
        {
          eventId: event.id,
          scoring: body.scoring,
          points: body.points,
          minimum: body.minimum ?? null,
          decay: body.decay ?? null,
          published: body.published,
        },
        principal.userId,
        now(),
      );
      return reply
        .status(201)
        .send({ challengeId, eventId: event.id, draft: await readDraft(draftId) });
    },
  );
}
