import { ParseError } from '@rampart/core';

/** A parsed JSON or YAML object. */
export type Json = Readonly<Record<string, unknown>>;

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The type of a value as a message names it. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Reads the fields of lockfile entries, throwing a {@link ParseError} at the entry's line
 * when a field has the wrong type. `coerce` accepts numbers and booleans where strings are
 * expected (YAML turns `1.10` into a number).
 */
export class ShapeReader {
  constructor(
    readonly file: string,
    private readonly coerce = false,
  ) {}

  /** A ParseError at `line` saying `message`. */
  error(line: number | undefined, message: string): ParseError {
    return new ParseError({ file: this.file, line }, message);
  }

  /** `value` as an object, or a ParseError naming `what`. */
  record(value: unknown, what: string, line: number | undefined): Json {
    if (isRecord(value)) return value;
    throw this.error(line, `${what} should be an object, found ${typeName(value)}`);
  }

  /** A string field, `undefined` when absent or null. */
  string(entry: Json, field: string, what: string, line: number | undefined): string | undefined {
    const value = entry[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (this.coerce && (typeof value === 'number' || typeof value === 'boolean')) {
      return String(value);
    }
    throw this.error(line, `${what}: "${field}" should be a string, found ${typeName(value)}`);
  }

  /** A field holding an object of strings (`dependencies`), as pairs; empty when absent. */
  stringMap(
    entry: Json,
    field: string,
    what: string,
    line: number | undefined,
  ): [string, string][] {
    const value = entry[field];
    if (value === undefined || value === null) return [];
    const map = this.record(value, `${what}: "${field}"`, line);
    const out: [string, string][] = [];
    for (const name of Object.keys(map)) {
      const spec = this.string(map, name, `${what}: "${field}"`, line);
      if (spec !== undefined) out.push([name, spec]);
    }
    return out;
  }

  /** A boolean flag; absent is `undefined`. */
  flag(entry: Json, field: string, what: string, line: number | undefined): boolean | undefined {
    const value = entry[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (this.coerce && (value === 'true' || value === 'false')) return value === 'true';
    throw this.error(line, `${what}: "${field}" should be true or false, found ${typeName(value)}`);
  }
}
