import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { RampartError } from '../errors.js';
import type { Finding } from '../finding/finding.js';
import { parseJsonText } from '../util/json-text.js';

/** One remembered finding in a baseline. */
export const BaselineEntrySchema = z.strictObject({
  fingerprint: z.string().min(1),
  ruleId: z.string().min(1),
  /** `path:line`, a package, or a URL: for the reader, not for matching. */
  location: z.string(),
});

/** The baseline file written by `rampart baseline create`. */
export const BaselineSchema = z.strictObject({
  version: z.literal(1),
  tool: z.literal('rampart'),
  findings: z.array(BaselineEntrySchema),
});
/** A parsed baseline. */
export type Baseline = z.infer<typeof BaselineSchema>;

/** A one-line description of where a finding is. */
export function describeLocation(finding: Finding): string {
  const loc = finding.location;
  switch (loc.kind) {
    case 'code':
      return `${loc.path}:${loc.region.startLine}`;
    case 'package':
      return `${loc.manifestPath} ${loc.name}@${loc.version}`;
    case 'url':
      return `${loc.method} ${loc.url}${loc.parameter ? ` [${loc.parameter}]` : ''}`;
  }
}

/**
 * Builds a baseline from findings. It holds no timestamp and is sorted, so re-creating it
 * over the same findings gives the same bytes (reviewable diffs).
 */
export function createBaseline(findings: readonly Finding[]): Baseline {
  const seen = new Set<string>();
  const entries = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    entries.push({ fingerprint: f.fingerprint, ruleId: f.ruleId, location: describeLocation(f) });
  }
  entries.sort((a, b) =>
    a.location === b.location
      ? a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint)
      : a.location.localeCompare(b.location, 'en', { numeric: true }),
  );
  return { version: 1, tool: 'rampart', findings: entries };
}

/** Serialises a baseline as stable, indented JSON. */
export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Writes a baseline file. */
export async function writeBaseline(path: string, baseline: Baseline): Promise<void> {
  await writeFile(path, formatBaseline(baseline), 'utf8');
}

/** Parses baseline text; errors name the file and what is wrong. */
export function parseBaseline(text: string, file: string): Baseline {
  const json = parseJsonText(text, file);
  const parsed = BaselineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new RampartError(
      'RAMPART_BASELINE_INVALID',
      `${file}: not a Rampart baseline${where}: ${issue?.message ?? 'invalid'}`,
      { hint: 'create one with `rampart baseline create`' },
    );
  }
  return parsed.data;
}

/** Reads and parses a baseline file. */
export async function readBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new RampartError('RAMPART_BASELINE_INVALID', `cannot read baseline ${path}`, {
      cause,
      hint: 'create one with `rampart baseline create`, or fix the --baseline path',
    });
  }
  return parseBaseline(text, path);
}

/** What {@link applyBaseline} returns. */
export interface BaselineResult {
  /** Findings not in the baseline, marked `novelty: 'new'`. */
  readonly fresh: Finding[];
  /** Findings the baseline hides. */
  readonly hidden: Finding[];
}

/** Hides findings whose fingerprint is in the baseline and marks the rest as new. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): BaselineResult {
  const known = new Set(baseline.findings.map((e) => e.fingerprint));
  const fresh: Finding[] = [];
  const hidden: Finding[] = [];
  for (const f of findings) {
    if (known.has(f.fingerprint)) hidden.push(f);
    else fresh.push({ ...f, novelty: 'new' });
  }
  return { fresh, hidden };
}
