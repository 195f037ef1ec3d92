// Small readers for JSON of unknown shape, shared by the SARIF reader's modules.

/** A JSON object read from untrusted input: every field is unknown until checked. */
export type Json = Readonly<Record<string, unknown>>;

/** True for a JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON value is, for error messages: `an array`, `a string`, `null`. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The value when it is a string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The string unless it is blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The non-blank `text` of a message object. */
export function text(value: unknown): string | undefined {
  return isRecord(value) ? nonEmpty(str(value.text)) : undefined;
}

/** The value when it is an array, else an empty one. */
export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The strings of an array, or a lone string as a list of one. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return arr(value).filter((v): v is string => typeof v === 'string');
}

/** The value when it is an integer ≥ 0 (an index). */
export function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** The value when it is an integer ≥ 1 (a line or a column). */
export function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;
}

/** The distinct values, in first-seen order. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
