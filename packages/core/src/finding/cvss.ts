import { createRequire } from 'node:module';
import { RampartError } from '../errors.js';
import { type Severity, severityFromScore } from './severity.js';

type CvssLibrary = typeof import('ae-cvss-calculator');
let library: CvssLibrary | undefined;

/** Loaded on first use: the calculator is a large bundle that most scans never need. */
function cvssLibrary(): CvssLibrary {
  library ??= createRequire(import.meta.url)('ae-cvss-calculator') as CvssLibrary;
  return library;
}

/** The CVSS versions Rampart scores. */
export type CvssVersion = '3.0' | '3.1' | '4.0';

/** A parsed and scored CVSS vector. */
export interface CvssScore {
  readonly version: CvssVersion;
  readonly vector: string;
  /** The base score, 0.0–10.0. */
  readonly score: number;
  readonly severity: Severity;
}

// The base metrics each version requires, with their allowed values (FIRST specifications).
const V3_BASE: Readonly<Record<string, readonly string[]>> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'R'],
  S: ['U', 'C'],
  C: ['H', 'L', 'N'],
  I: ['H', 'L', 'N'],
  A: ['H', 'L', 'N'],
};
const V4_BASE: Readonly<Record<string, readonly string[]>> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: ['H', 'L', 'N'],
  VI: ['H', 'L', 'N'],
  VA: ['H', 'L', 'N'],
  SC: ['H', 'L', 'N'],
  SI: ['H', 'L', 'N'],
  SA: ['H', 'L', 'N'],
};

function invalid(vector: string, why: string): RampartError {
  return new RampartError('RAMPART_CVSS_INVALID', `invalid CVSS vector "${vector}": ${why}`, {
    hint: 'expected e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H or a CVSS:4.0 vector',
  });
}

/**
 * Parses a CVSS v3.0, v3.1 or v4.0 vector and computes its base score and rating.
 * The arithmetic is ae-cvss-calculator's (it implements FIRST's published formulas and the
 * v4.0 macro-vector tables); this function checks the vector strictly first, because the
 * library silently scores incomplete vectors as 0.
 * @example cvssScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').score // 9.8
 */
export function cvssScore(vector: string): CvssScore {
  const trimmed = vector.trim();
  const parts = trimmed.split('/');
  const prefix = parts.shift() ?? '';
  const match = /^CVSS:(3\.0|3\.1|4\.0)$/.exec(prefix);
  if (!match) throw invalid(vector, 'it must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/');
  const version = match[1] as CvssVersion;
  const base = version === '4.0' ? V4_BASE : V3_BASE;
  const seen = new Map<string, string>();
  for (const part of parts) {
    const [key, value, extra] = part.split(':');
    if (!key || value === undefined || extra !== undefined)
      throw invalid(vector, `"${part}" is not METRIC:VALUE`);
    if (seen.has(key)) throw invalid(vector, `metric ${key} appears twice`);
    seen.set(key, value);
    const allowed = base[key];
    if (allowed && !allowed.includes(value)) {
      throw invalid(
        vector,
        `${key}:${value} is not one of ${allowed.map((v) => `${key}:${v}`).join(', ')}`,
      );
    }
  }
  const missing = Object.keys(base).filter((k) => !seen.has(k));
  if (missing.length > 0) throw invalid(vector, `missing base metric(s) ${missing.join(', ')}`);

  let score: number | undefined;
  try {
    const instance =
      version === '4.0'
        ? new (cvssLibrary().Cvss4P0)(trimmed)
        : version === '3.1'
          ? new (cvssLibrary().Cvss3P1)(trimmed)
          : new (cvssLibrary().Cvss3P0)(trimmed);
    score = instance.calculateScores().base;
  } catch (cause) {
    throw invalid(vector, cause instanceof Error ? cause.message : String(cause));
  }
  if (typeof score !== 'number' || !Number.isFinite(score)) throw invalid(vector, 'no base score');
  return { version, vector: trimmed, score, severity: severityFromScore(score) };
}

/** Like {@link cvssScore} but returns undefined instead of throwing on a bad vector. */
export function tryCvssScore(vector: string): CvssScore | undefined {
  try {
    return cvssScore(vector);
  } catch {
    return undefined;
  }
}
