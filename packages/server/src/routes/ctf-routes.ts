import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { ensure, isAdmin, requireUser } from '../auth/authorize.js';
import { notFound, parseInput } from '../auth/input.js';
import type { UserPrincipal } from '../auth/principal.js';
import { challengeViews, loadBoard, scoreboard, viewerOf } from '../ctf/board.js';
import { type ChallengeSpec, deleteChallenge, saveChallenge } from '../ctf/challenge-store.js';
import { exportChallenges, importChallenges, SlugSchema } from '../ctf/challenge-yaml.js';
import {
  type CtfEventRow,
  canManageCtf,
  canReadEvent,
  eventStatus,
  participantKeyOf,
} from '../ctf/ctf-access.js';
import {
  createEvent,
  deleteEvent,
  type EventInput,
  findEvent,
  listEvents,
  updateEvent,
} from '../ctf/event-store.js';
import { MAX_FLAG_LENGTH, MAX_PATTERN_LENGTH, storeFlag } from '../ctf/flags.js';
import {
  LOCKOUT,
  RATE_LIMIT,
  RetryLaterError,
  submitFlag,
  unlockHint,
  visibleChallenge,
} from '../ctf/play.js';
import { ctfDb } from '../ctf/tables.js';
import type { HubDatabase } from '../db/database.js';
import { docs } from '../openapi/route-docs.js';

/** What the CTF routes need. */
export interface CtfRoutesOptions {
  readonly database: HubDatabase;
  /** The clock (epoch ms); tests inject one. */
  readonly now?: () => number;
}

/** The largest YAML import, in bytes. */
export const MAX_CTF_IMPORT_BYTES = 1024 * 1024;

const id = z.string().min(1).max(100);
const eventParams = z.strictObject({ eventId: id });
const challengeParams = z.strictObject({ challengeId: id });
const hintParams = z.strictObject({ hintId: id });
const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

const eventFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(20_000),
  startsAt: instant,
  endsAt: instant,
  freezeAt: instant.nullable(),
  visibility: z.enum(['draft', 'organisation', 'teams']),
  mode: z.enum(['individual', 'team']),
  teamIds: z.array(id).max(200),
};
const createEventBody = z.strictObject({
  ...eventFields,
  description: eventFields.description.default(''),
  freezeAt: eventFields.freezeAt.optional(),
  visibility: eventFields.visibility.default('draft'),
  mode: eventFields.mode.default('individual'),
  teamIds: eventFields.teamIds.default([]),
});
const patchEventBody = z.strictObject({
  name: eventFields.name.optional(),
  description: eventFields.description.optional(),
  startsAt: eventFields.startsAt.optional(),
  endsAt: eventFields.endsAt.optional(),
  freezeAt: eventFields.freezeAt.optional(),
  visibility: eventFields.visibility.optional(),
  mode: eventFields.mode.optional(),
  teamIds: eventFields.teamIds.optional(),
});

const flagBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.enum(['static', 'case_insensitive']),
    value: z.string().min(1).max(MAX_FLAG_LENGTH),
  }),
  z.strictObject({ kind: z.literal('regex'), pattern: z.string().min(1).max(MAX_PATTERN_LENGTH) }),
]);
const challengeFields = {
  slug: SlugSchema,
  title: z.string().trim().min(1).max(200),
  category: z.string().trim().min(1).max(64),
  description: z.string().max(20_000),
  scoring: z.enum(['static', 'dynamic']),
  points: z.number().int().min(0).max(100_000),
  minimum: z.number().int().min(0).max(100_000).nullable(),
  decay: z.number().int().min(1).max(100_000).nullable(),
  flag: flagBody,
  hints: z
    .array(
      z.strictObject({
        text: z.string().min(1).max(5_000),
        cost: z.number().int().min(0).max(100_000),
      }),
    )
    .max(20),
  prerequisites: z.array(SlugSchema).max(50),
  published: z.boolean(),
  position: z.number().int().min(0).max(100_000),
};
const createChallengeBody = z.strictObject({
  ...challengeFields,
  description: challengeFields.description.default(''),
  scoring: challengeFields.scoring.default('static'),
  minimum: challengeFields.minimum.optional(),
  decay: challengeFields.decay.optional(),
  hints: challengeFields.hints.default([]),
  prerequisites: challengeFields.prerequisites.default([]),
  published: challengeFields.published.default(true),
  position: challengeFields.position.optional(),
});
const patchChallengeBody = z.strictObject(
  Object.fromEntries(Object.entries(challengeFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof challengeFields]: z.ZodOptional<(typeof challengeFields)[K]>;
  },
);
const submissionBody = z.strictObject({ flag: z.string().max(10_000) });
const exportQuery = z.strictObject({ includeSecrets: z.enum(['true', 'false']).optional() });
const importBody = z.strictObject({ yaml: z.string().max(MAX_CTF_IMPORT_BYTES) });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function eventView(event: CtfEventRow, principal: UserPrincipal, now: number) {
  return {
    id: event.id,
    name: event.name,
    description: event.description,
    startsAt: iso(event.starts_at),
    endsAt: iso(event.ends_at),
    freezeAt: iso(event.freeze_at),
    visibility: event.visibility,
    mode: event.mode,
    teamIds: event.teamIds,
    status: eventStatus(event, now),
    canPlay: event.visibility !== 'draft' && participantKeyOf(principal, event) !== null,
    createdAt: iso(event.created_at),
    updatedAt: iso(event.updated_at),
  };
}

function sendRetryLater(reply: FastifyReply, error: RetryLaterError) {
  return reply
    .status(429)
    .header('retry-after', String(error.retryAfterSeconds))
    .send({ error: { code: error.code, message: error.message } });
}

/**
 * Registers the capture-the-flag routes (docs/hub-ctf.md): events, challenges, flag
 * submissions, hints, the scoreboard, and YAML import/export of challenges. Security and
 * admin run events; every signed-in person plays the events open to them; auditors read.
 */
export function registerCtfRoutes(app: FastifyInstance, options: CtfRoutesOptions): void {
  const now = options.now ?? Date.now;
  const db = ctfDb(options.database.db);

  /** The event if the principal may see it; 404 otherwise. */
  const readableEvent = async (principal: UserPrincipal, eventId: string) => {
    const event = await findEvent(db, eventId);
    if (event === undefined || !canReadEvent(principal, event)) throw notFound('event');
    return event;
  };
  const managedEvent = async (principal: UserPrincipal, eventId: string, what: string) => {
    const event = await readableEvent(principal, eventId);
    ensure(canManageCtf(principal), what);
    return event;
  };
  const challengeView = async (
    principal: UserPrincipal,
    event: CtfEventRow,
    challengeId: string,
  ) => {
    const board = await loadBoard(db, event, viewerOf(principal, event), now());
    const view = challengeViews(board).find((c) => c.id === challengeId);
    if (view === undefined) throw notFound('challenge');
    return view;
  };

  app.post(
    '/api/v1/ctf/events',
    {
      config: docs({
        summary: 'Create a CTF event',
        description:
          'A capture-the-flag event: its window `[startsAt, endsAt)`, an optional scoreboard freeze, who sees it (`draft`: security and admin only; `organisation`: every signed-in person; `teams`: members of `teamIds`) and whether people score alone or for their team. Security and admin only. Audit-logged.',
        tags: ['ctf'],
        access: 'security',
        body: createEventBody,
        responses: {
          201: 'The event: `{ id, name, description, startsAt, endsAt, freezeAt, visibility, mode, teamIds, status, canPlay, createdAt, updatedAt }`.',
          400: 'VALIDATION: e.g. endsAt before startsAt, a freeze outside the window, an unknown team.',
          403: 'FORBIDDEN: not security or admin.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      ensure(canManageCtf(principal), 'create a CTF event');
      const body = parseInput(createEventBody, request.body, 'body');
      const event = await createEvent(
        options.database,
        { ...body, freezeAt: body.freezeAt ?? null },
        principal.userId,
        now(),
      );
      return reply.status(201).send(eventView(event, principal, now()));
    },
  );

  app.get(
    '/api/v1/ctf/events',
    {
      config: docs({
        summary: 'List CTF events',
        description:
          'The events the caller may see, the latest start first, each with its status (`draft`, `upcoming`, `running`, `ended`) and whether the caller may play it.',
        tags: ['ctf'],
        access: 'user',
        responses: { 200: '`{ events: [event] }`', 403: 'A CI token.' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const t = now();
      return {
        events: (await listEvents(options.database))
          .filter((e) => canReadEvent(principal, e))
          .map((e) => eventView(e, principal, t)),
      };
    },
  );

  app.get(
    '/api/v1/ctf/events/:eventId',
    {
      config: docs({
        summary: 'Read a CTF event',
        tags: ['ctf'],
        access: 'user',
        params: eventParams,
        responses: { 200: 'The event.', 403: 'A CI token.', 404: 'No such event, or not visible.' },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { eventId } = parseInput(eventParams, request.params, 'params');
      return eventView(await readableEvent(principal, eventId), principal, now());
    },
  );

  app.patch(
    '/api/v1/ctf/events/:eventId',
    {
      config: docs({
        summary: 'Change a CTF event',
        description:
          'Changes any of the fields given (`teamIds` replaces the list; `freezeAt: null` removes the freeze). The mode cannot change once people played (409 CTF_EVENT_PLAYED). Security and admin only. Audit-logged.',
        tags: ['ctf'],
        access: 'security',
        params: eventParams,
        body: patchEventBody,
        responses: {
          200: 'The event.',
          400: 'VALIDATION.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such event, or not visible.',
          409: 'CTF_EVENT_PLAYED.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { eventId } = parseInput(eventParams, request.params, 'params');
      await managedEvent(principal, eventId, 'change a CTF event');
      const body = parseInput(patchEventBody, request.body ?? {}, 'body');
      const event = await updateEvent(
        options.database,
        eventId,
        (current): EventInput => ({
          name: body.name ?? current.name,
          description: body.description ?? current.description,
          startsAt: body.startsAt ?? current.startsAt,
          endsAt: body.endsAt ?? current.endsAt,
          freezeAt: body.freezeAt === undefined ? current.freezeAt : body.freezeAt,
          visibility: body.visibility ?? current.visibility,
          mode: body.mode ?? current.mode,
          teamIds: body.teamIds ?? current.teamIds,
        }),
        principal.userId,
        now(),
      );
      return eventView(event, principal, now());
    },
  );

  app.delete(
    '/api/v1/ctf/events/:eventId',
    {
      config: docs({
        summary: 'Delete a CTF event',
        description:
          'Deletes the event with its challenges, hints, submissions and solves. Security and admin only. Audit-logged.',
        tags: ['ctf'],
        access: 'security',
        params: eventParams,
        responses: {
          204: 'Deleted.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such event, or not visible.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { eventId } = parseInput(eventParams, request.params, 'params');
      await managedEvent(principal, eventId, 'delete a CTF event');
      await deleteEvent(options.database, eventId, principal.userId, now());
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/ctf/events/:eventId/challenges',
    {
      config: docs({
        summary: 'Add a challenge to a CTF event',
        description: `A challenge: slug (unique in the event), title, category, markdown description, static points or dynamic scoring (\`points\` is the initial value, with \`minimum\` and \`decay\`), the flag (\`static\` and \`case_insensitive\` flags are stored only as argon2id hashes; a \`regex\` pattern is stored as written and matched anchored), hints with their cost, and prerequisites by slug. The flag is never returned. Flags and patterns: at most ${MAX_FLAG_LENGTH} characters. Security and admin only. Audit-logged.`,
        tags: ['ctf'],
        access: 'security',
        params: eventParams,
        body: createChallengeBody,
        responses: {
          201: 'The challenge as managers see it (no flag).',
          400: 'VALIDATION: e.g. a dynamic challenge without decay, an unknown prerequisite, a cycle, a catastrophic regex.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such event, or not visible.',
          409: 'CONFLICT: the slug is taken in this event.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { eventId } = parseInput(eventParams, request.params, 'params');
      const event = await managedEvent(principal, eventId, 'add a CTF challenge');
      const body = parseInput(createChallengeBody, request.body, 'body');
      const flag = await storeFlag(
        body.flag.kind,
        body.flag.kind === 'regex' ? body.flag.pattern : body.flag.value,
      );
      let position = body.position;
      if (position === undefined) {
        const row = await db
          .selectFrom('ctf_challenges')
          .select(db.fn.countAll<number>().as('n'))
          .where('event_id', '=', eventId)
          .executeTakeFirstOrThrow();
        position = Number(row.n);
      }
      const challengeId = await saveChallenge(
        options.database,
        eventId,
        { ...body, minimum: body.minimum ?? null, decay: body.decay ?? null, flag, position },
        principal.userId,
        now(),
      );
      return reply.status(201).send(await challengeView(principal, event, challengeId));
    },
  );

  app.get(
    '/api/v1/ctf/events/:eventId/challenges',
    {
      config: docs({
        summary: "A CTF event's challenges",
        description:
          "The published challenges (all, for security and admin), in order, as the caller sees them: each one's current `value` and `solves`, whether the caller (their team, in team mode) solved it, whether it is `locked` by prerequisites (then its description is null), and its hints with their cost (a hint's text once unlocked). Players see the challenges once the event has started. After the freeze, solve counts are as of the freeze (plus one's own). Flags are never shown.",
        tags: ['ctf'],
        access: 'user',
        params: eventParams,
        responses: {
          200: '`{ eventId, status, frozen, challenges: [{ id, slug, title, category, description, scoring, value, points, minimum, decay, firstBloodBonus, solves, solvedByMe, locked, prerequisites, hints: [{ id, cost, unlocked, text }] }] }`',
          403: 'A CI token.',
          404: 'No such event, or not visible.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { eventId } = parseInput(eventParams, request.params, 'params');
      const event = await readableEvent(principal, eventId);
      const t = now();
      const board = await loadBoard(db, event, viewerOf(principal, event), t);
      const status = eventStatus(event, t);
      const open =
        canManageCtf(principal) ||
        principal.globalRole !== null ||
        status === 'running' ||
        status === 'ended';
      return {
        eventId,
        status,
        frozen: board.frozen,
        challenges: open ? challengeViews(board) : [],
      };
    },
  );

  app.get(
    '/api/v1/ctf/challenges/:challengeId',
    {
      config: docs({
        summary: 'Read a CTF challenge',
        description: 'One challenge as the list shows it. Never its flag.',
        tags: ['ctf'],
        access: 'user',
        params: challengeParams,
        responses: {
          200: 'The challenge.',
          403: 'A CI token.',
          404: 'No such challenge, not published, its event not visible, or not started yet.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { challengeId } = parseInput(challengeParams, request.params, 'params');
      const { event } = await visibleChallenge(options.database, principal, challengeId);
      if (principal.globalRole === null && now() < event.starts_at) throw notFound('challenge');
      return challengeView(principal, event, challengeId);
    },
  );

  app.patch(
    '/api/v1/ctf/challenges/:challengeId',
    {
      config: docs({
        summary: 'Change a CTF challenge',
        description:
          'Changes any of the fields given. A new `flag` replaces the old one; `hints` replaces the list, matched by position (an edited hint keeps its unlocks); `prerequisites` replaces the list. Scores follow at once (they are computed from the solves). Security and admin only. Audit-logged.',
        tags: ['ctf'],
        access: 'security',
        params: challengeParams,
        body: patchChallengeBody,
        responses: {
          200: 'The challenge as managers see it.',
          400: 'VALIDATION.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such challenge, or not visible.',
          409: 'CONFLICT: the slug is taken in this event.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { challengeId } = parseInput(challengeParams, request.params, 'params');
      const { challenge, event } = await visibleChallenge(options.database, principal, challengeId);
      ensure(canManageCtf(principal), 'change a CTF challenge');
      const body = parseInput(patchChallengeBody, request.body ?? {}, 'body');
      const scoring = body.scoring ?? challenge.scoring;
      const flag =
        body.flag === undefined
          ? null
          : await storeFlag(
              body.flag.kind,
              body.flag.kind === 'regex' ? body.flag.pattern : body.flag.value,
            );
      const spec: ChallengeSpec = {
        id: challenge.id,
        slug: body.slug ?? challenge.slug,
        title: body.title ?? challenge.title,
        category: body.category ?? challenge.category,
        description: body.description ?? challenge.description,
        scoring,
        points: body.points ?? challenge.points,
        minimum:
          scoring === 'static'
            ? null
            : body.minimum !== undefined
              ? body.minimum
              : challenge.minimum,
        decay:
          scoring === 'static' ? null : body.decay !== undefined ? body.decay : challenge.decay,
        flag,
        ...(body.hints === undefined ? {} : { hints: body.hints }),
        ...(body.prerequisites === undefined ? {} : { prerequisites: body.prerequisites }),
        published: body.published ?? challenge.published === 1,
        position: body.position ?? challenge.position,
      };
      await saveChallenge(options.database, event.id, spec, principal.userId, now());
      return challengeView(principal, event, challenge.id);
    },
  );

  app.delete(
    '/api/v1/ctf/challenges/:challengeId',
    {
      config: docs({
        summary: 'Delete a CTF challenge',
        description:
          "Deletes the challenge with its hints, submissions and solves (scores follow), and removes it from other challenges' prerequisites. Security and admin only. Audit-logged.",
        tags: ['ctf'],
        access: 'security',
        params: challengeParams,
        responses: {
          204: 'Deleted.',
          403: 'FORBIDDEN: not security or admin.',
          404: 'No such challenge, or not visible.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { challengeId } = parseInput(challengeParams, request.params, 'params');
      const { challenge } = await visibleChallenge(options.database, principal, challengeId);
      ensure(canManageCtf(principal), 'delete a CTF challenge');
      await deleteChallenge(options.database, challenge, principal.userId, now());
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/ctf/challenges/:challengeId/submissions',
    {
      config: docs({
        summary: 'Submit a flag',
        description: `Checks a flag for the caller (their team, in team mode). Answers whether it is right; a right flag scores the challenge's current value, plus the first-blood bonus for the first solve; a right flag for a challenge already solved scores nothing (\`alreadySolved: true\`). Only whether a submission was right is stored, never its text. At most ${RATE_LIMIT.wrong} wrong flags a minute per challenge (429 RATE_LIMITED); ${LOCKOUT.wrong} wrong within ${LOCKOUT.windowMs / 60_000} minutes lock the challenge for ${LOCKOUT.durationMs / 60_000} minutes (429 SUBMISSION_LOCKED); both with Retry-After. Auditors may not play.`,
        tags: ['ctf'],
        access: 'user',
        params: challengeParams,
        body: submissionBody,
        responses: {
          200: '`{ correct, points?, firstBlood?, alreadySolved? }`',
          403: 'FORBIDDEN: an auditor, no team in a team event, or a CI token; CHALLENGE_LOCKED: prerequisites unsolved.',
          404: 'No such challenge, or not visible.',
          409: 'EVENT_NOT_RUNNING: before the start, after the end, or a draft.',
          429: 'RATE_LIMITED or SUBMISSION_LOCKED, with Retry-After.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { challengeId } = parseInput(challengeParams, request.params, 'params');
      const { flag } = parseInput(submissionBody, request.body, 'body');
      try {
        return await submitFlag(options.database, principal, challengeId, flag, now());
      } catch (error) {
        if (error instanceof RetryLaterError) return sendRetryLater(reply, error);
        throw error;
      }
    },
  );

  app.post(
    '/api/v1/ctf/hints/:hintId/unlock',
    {
      config: docs({
        summary: 'Unlock a hint',
        description:
          'Reveals a hint to the caller (their team, in team mode); its cost is taken from their score once, however often it is unlocked. Only while the event runs, for a challenge open to them. Auditors may not play.',
        tags: ['ctf'],
        access: 'user',
        params: hintParams,
        responses: {
          200: '`{ hintId, challengeId, text, cost, alreadyUnlocked }`',
          403: 'FORBIDDEN (auditor, no team, CI token) or CHALLENGE_LOCKED.',
          404: 'No such hint, or not visible.',
          409: 'EVENT_NOT_RUNNING.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { hintId } = parseInput(hintParams, request.params, 'params');
      return unlockHint(options.database, principal, hintId, now());
    },
  );

  app.get(
    '/api/v1/ctf/events/:eventId/scoreboard',
    {
      config: docs({
        summary: "A CTF event's scoreboard",
        description:
          'Participants (users, or teams in team mode) ranked by score (highest first), then by the earliest last solve. A score is the sum of the current values of the challenges solved, plus first-blood bonuses, minus the cost of unlocked hints. After `freezeAt`, players see the board as it was at the freeze (plus their own solves); admin, security and auditors see it live.',
        tags: ['ctf'],
        access: 'user',
        params: eventParams,
        responses: {
          200: '`{ eventId, mode, frozen, freezeAt, generatedAt, entries: [{ rank, participant: { kind, id, name }, score, solves, firstBloods, hintCost, lastSolveAt }] }`',
          403: 'A CI token.',
          404: 'No such event, or not visible.',
        },
      }),
    },
    async (request) => {
      const principal = requireUser(request.principal);
      const { eventId } = parseInput(eventParams, request.params, 'params');
      const event = await readableEvent(principal, eventId);
      const t = now();
      const board = await loadBoard(db, event, viewerOf(principal, event), t);
      return {
        eventId,
        mode: event.mode,
        frozen: board.frozen,
        freezeAt: iso(event.freeze_at),
        generatedAt: iso(t),
        entries: await scoreboard(db, board),
      };
    },
  );

  app.get(
    '/api/v1/ctf/events/:eventId/challenges/export',
    {
      config: docs({
        summary: "Export a CTF event's challenges as YAML",
        description:
          'The challenges as a YAML file (the import format), with hints and prerequisites by slug, **without flags**. `includeSecrets=true` (admins only, audit-logged) adds each flag as stored: static and case-insensitive flags as their argon2id hash (the clear flag no longer exists), regex flags as their pattern; such a file re-imports with its flags. Admin, security and auditors.',
        tags: ['ctf'],
        access: 'org-reader',
        params: eventParams,
        query: exportQuery,
        responses: {
          200: 'application/yaml: `challenges: [...]`.',
          403: 'FORBIDDEN: not an org reader, or includeSecrets without being admin.',
          404: 'No such event, or not visible.',
        },
      }),
    },
    async (request, reply) => {
      const principal = requireUser(request.principal);
      const { eventId } = parseInput(eventParams, request.params, 'params');
      const { includeSecrets } = parseInput(exportQuery, request.query, 'query');
      await readableEvent(principal, eventId);
      ensure(principal.globalRole !== null, "export a CTF event's challenges");
      const secrets = includeSecrets === 'true';
      ensure(!secrets || isAdmin(principal), 'export CTF flags (admins only)');
      const text = await exportChallenges(options.database, eventId, {
        includeSecrets: secrets,
        actorId: principal.userId,
        now: now(),
      });
      return reply.type('application/yaml; charset=utf-8').send(text);
    },
  );

  app.register(async (scoped) => {
    scoped.addContentTypeParser(
      ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'],
      { parseAs: 'string', bodyLimit: MAX_CTF_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scoped.post(
      '/api/v1/ctf/events/:eventId/challenges/import',
      {
        bodyLimit: 2 * MAX_CTF_IMPORT_BYTES,
        config: docs({
          summary: "Import a CTF event's challenges from YAML",
          description:
            'Creates or updates challenges from a YAML file (the export format; see docs/hub-ctf.md), all or nothing in one transaction. A challenge whose slug exists is updated (without `flag` it keeps its flag); others are created and need a flag. Flags in clear (`value`) are hashed on import. Errors name the line: `challenges.yml:12:7: …`. Security and admin only. Audit-logged.',
          tags: ['ctf'],
          access: 'security',
          params: eventParams,
          body: {
            raw: 'application/yaml, text/yaml, text/plain, application/json',
            description: 'The YAML file itself, or JSON `{ "yaml": "…" }`. At most 1 MiB.',
          },
          responses: {
            200: '`{ created: [slug], updated: [slug] }`',
            400: 'VALIDATION: `challenges.yml:line:column: what is wrong`.',
            403: 'FORBIDDEN: not security or admin.',
            404: 'No such event, or not visible.',
          },
        }),
      },
      async (request) => {
        const principal = requireUser(request.principal);
        const { eventId } = parseInput(eventParams, request.params, 'params');
        await managedEvent(principal, eventId, "import a CTF event's challenges");
        const text =
          typeof request.body === 'string'
            ? request.body
            : parseInput(importBody, request.body, 'body').yaml;
        if (text.trim() === '') throw new ApiError(400, 'VALIDATION', 'body: the file is empty');
        return importChallenges(options.database, eventId, text, principal.userId, now());
      },
    );
  });
}
