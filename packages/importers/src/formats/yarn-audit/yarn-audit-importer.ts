import { type FindingDraft, ParseError } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { checkShape, isRecord, readJsonLines } from '../../support/json-report.js';
import { advisoryDrafts, type NpmAdvisory, NpmAdvisorySchema } from '../npm-audit/npm-advisory.js';

// `yarn audit --json` (Yarn 1): JSON Lines, one event per line. `auditAdvisory` lines carry
// npm's advisory (the same shape as npm 6's `advisories`, see npm-advisory.ts) and one
// `resolution` (the path it was found at, and whether that path is dev-only); Yarn repeats
// the advisory once per path, so the advisory is imported once with all its paths.
// `auditSummary`, `auditAction`, `info` and `warning` lines are read past; an `error` line
// (no lockfile, no network) fails the import with Yarn's message.
//
// Yarn audits `yarn.lock` where it runs: every finding's manifest is `yarn.lock`, relative to
// the folder the report was made in. Severity: as for npm audit (npm's word, then CVSS).
// Yarn 2+ (`yarn npm audit --json`) writes another format, not read here.

const FORMAT = 'yarn audit JSON Lines report';
// Yarn's events state no Yarn version.
const TOOL = { name: 'yarn-audit', version: '' } as const;
const MANIFEST = 'yarn.lock';

const AdvisoryLine = z.object({
  type: z.literal('auditAdvisory'),
  data: z.object({
    resolution: z
      .object({ id: z.number().nullish(), path: z.string(), dev: z.boolean().nullish() })
      .nullish(),
    advisory: NpmAdvisorySchema,
  }),
});

// Every line is an event; Yarn writes other events too (`info`, `warning`, `step`…).
const Event = z.object({ type: z.string(), data: z.unknown() });

const AUDIT_TYPES = new Set(['auditAdvisory', 'auditSummary', 'auditAction']);

/** `yarn audit --json` (Yarn 1 JSON Lines); the lockfile is yarn.lock. */
export const yarnAuditImporter: Importer = {
  id: 'yarn-audit',
  description: 'yarn audit JSON Lines (`yarn audit --json`, Yarn 1); the lockfile is yarn.lock',
  detect(text) {
    // Cheap: the first lines decide. Every non-blank one must be a `{"type": …}` event and at
    // least one an audit event (an `auditSummary` alone is a clean audit).
    let audit = false;
    let seen = 0;
    for (const raw of text.slice(0, 200_000).split('\n')) {
      const line = raw.trim();
      if (line === '') continue;
      if (++seen > 50) break;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return false;
      }
      if (!isRecord(value) || typeof value.type !== 'string' || !('data' in value)) return false;
      if (AUDIT_TYPES.has(value.type)) audit = true;
    }
    return audit;
  },
  parse(text, ctx) {
    const records = readJsonLines(text, ctx.file, FORMAT, Event);
    if (records.length === 0) {
      throw new ParseError({ file: ctx.file, line: 1 }, `not a ${FORMAT}: the file is empty`);
    }
    const advisories = new Map<number, NpmAdvisory>();
    const dev = new Map<string, boolean>();
    let audited = false;
    for (const { line, value } of records) {
      if (value.type === 'error') {
        const message = typeof value.data === 'string' ? value.data : JSON.stringify(value.data);
        throw new ParseError(
          { file: ctx.file, line },
          `yarn audit failed instead of reporting: ${message.slice(0, 300)}; fix that and run it again`,
        );
      }
      if (AUDIT_TYPES.has(value.type)) audited = true;
      if (value.type !== 'auditAdvisory') continue;
      const { advisory, resolution } = checkShape(value, AdvisoryLine, {
        file: ctx.file,
        format: FORMAT,
        lineOf: () => line,
      }).data;
      if (!advisories.has(advisory.id)) advisories.set(advisory.id, advisory);
      if (resolution && typeof resolution.dev === 'boolean') {
        dev.set(`${advisory.id}\0${resolution.path}`, resolution.dev);
      }
    }
    if (!audited) {
      throw new ParseError(
        { file: ctx.file, line: records[0]?.line ?? 1 },
        `not a ${FORMAT}: it has no auditAdvisory or auditSummary line (was it made by \`yarn audit --json\`?)`,
      );
    }
    const out: FindingDraft[] = [];
    for (const advisory of advisories.values()) {
      out.push(
        ...advisoryDrafts(advisory, {
          tool: TOOL,
          manifestPath: MANIFEST,
          devPath: (path) => dev.get(`${advisory.id}\0${path}`),
        }),
      );
    }
    return out;
  },
};
