import type { Ecosystem } from '../types.js';
import { normalizePackageName, supportedEcosystem } from './names.js';
import type { StoredAdvisory } from './store.js';

/** A record that does not have the shape of an OSV record, with the field at fault. */
export class OsvRecordError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'OsvRecordError';
  }
}

const MAX_DETAILS = 4000;
const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(obj: Json, key: string, field: string, required: true): string;
function str(obj: Json, key: string, field: string, required?: false): string | undefined;
function str(obj: Json, key: string, field: string, required = false): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) {
    if (required) throw new OsvRecordError(`${field}.${key}`, 'is missing');
    return undefined;
  }
  if (typeof value !== 'string') throw new OsvRecordError(`${field}.${key}`, 'must be a string');
  return value;
}

function strings(obj: Json, key: string, field: string): string[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new OsvRecordError(`${field}.${key}`, 'must be an array of strings');
  }
  return value as string[];
}

function array(obj: Json, key: string, field: string): unknown[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OsvRecordError(`${field}.${key}`, 'must be an array');
  return value;
}

/** Checks one `affected[]` entry's ranges and versions; returns the parts Rampart keeps. */
function checkAffected(entry: Json, field: string): Json {
  const ranges = array(entry, 'ranges', field).map((range, r) => {
    const where = `${field}.ranges[${r}]`;
    if (!isObject(range)) throw new OsvRecordError(where, 'must be an object');
    const type = str(range, 'type', where, true);
    const events = array(range, 'events', where).map((event, e) => {
      const at = `${where}.events[${e}]`;
      if (!isObject(event)) throw new OsvRecordError(at, 'must be an object');
      const keys = EVENT_KEYS.filter((k) => event[k] !== undefined);
      if (keys.length !== 1) {
        throw new OsvRecordError(at, `must have exactly one of ${EVENT_KEYS.join(', ')}`);
      }
      const key = keys[0] as (typeof EVENT_KEYS)[number];
      return { [key]: str(event, key, at, true) };
    });
    const kept: Json = { type, events };
    const repo = str(range, 'repo', where);
    if (repo !== undefined) kept.repo = repo;
    return kept;
  });
  const kept: Json = { ranges, versions: strings(entry, 'versions', field) };
  if (isObject(entry.ecosystem_specific)) kept.ecosystem_specific = entry.ecosystem_specific;
  if (isObject(entry.database_specific)) kept.database_specific = entry.database_specific;
  return kept;
}

/**
 * Validates an OSV record (as parsed JSON) and splits it into what the store keeps: the
 * advisory, and for `ecosystem` the affected entries keyed by normalised package name.
 * Entries of other ecosystems are left out (an advisory may span several). Throws
 * {@link OsvRecordError} naming the field at fault.
 */
export function toImportRecord(
  raw: unknown,
  ecosystem: Ecosystem,
): { advisory: StoredAdvisory; affected: [string, unknown][] } {
  if (!isObject(raw)) throw new OsvRecordError('(record)', 'must be a JSON object');
  const id = str(raw, 'id', '(record)', true);
  const modified = str(raw, 'modified', id, true);
  if (Number.isNaN(Date.parse(modified)))
    throw new OsvRecordError(`${id}.modified`, 'is not a date');
  const severity = array(raw, 'severity', id).flatMap((s, i) => {
    if (!isObject(s)) throw new OsvRecordError(`${id}.severity[${i}]`, 'must be an object');
    const type = str(s, 'type', `${id}.severity[${i}]`, true);
    const score = str(s, 'score', `${id}.severity[${i}]`, true);
    return [{ type, score }];
  });
  const dbSpecific = isObject(raw.database_specific) ? raw.database_specific : {};
  const cwes = Array.isArray(dbSpecific.cwe_ids)
    ? dbSpecific.cwe_ids.filter((c): c is string => typeof c === 'string')
    : [];
  const references = array(raw, 'references', id).flatMap((ref) =>
    isObject(ref) && typeof ref.url === 'string' ? [ref.url] : [],
  );
  const published = str(raw, 'published', id);
  const withdrawn = str(raw, 'withdrawn', id);
  const summary = str(raw, 'summary', id);
  const details = str(raw, 'details', id);
  const advisory: StoredAdvisory = {
    id,
    modified,
    ...(published === undefined ? {} : { published }),
    ...(withdrawn === undefined ? {} : { withdrawn }),
    aliases: strings(raw, 'aliases', id),
    ...(summary === undefined ? {} : { summary }),
    ...(details === undefined
      ? {}
      : { details: details.length > MAX_DETAILS ? `${details.slice(0, MAX_DETAILS)}…` : details }),
    severity,
    ...(typeof dbSpecific.severity === 'string' ? { databaseSeverity: dbSpecific.severity } : {}),
    cwes,
    references,
  };
  const affected: [string, unknown][] = [];
  array(raw, 'affected', id).forEach((entry, i) => {
    const field = `${id}.affected[${i}]`;
    if (!isObject(entry)) throw new OsvRecordError(field, 'must be an object');
    if (!isObject(entry.package)) return; // OSV allows affected entries without a package
    const eco = str(entry.package, 'ecosystem', `${field}.package`, true);
    const name = str(entry.package, 'name', `${field}.package`, true);
    if (supportedEcosystem(eco) !== ecosystem) return;
    affected.push([normalizePackageName(ecosystem, name), checkAffected(entry, field)]);
  });
  return { advisory, affected };
}
