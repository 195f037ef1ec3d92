import { UsageError } from '@rampart/core';
import { LineCounter, parseDocument } from 'yaml';

/** A parsed OpenAPI 3.x or Swagger 2.0 document, shape checked only at the top. */
export interface OpenApiDocument {
  readonly version: 'swagger2' | 'openapi3';
  /** The whole document, as parsed. */
  readonly root: Readonly<Record<string, unknown>>;
  readonly paths: Readonly<Record<string, unknown>>;
}

/** Whether `value` is a plain object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses an OpenAPI or Swagger document from JSON or YAML text and checks its top-level
 * shape. Every problem is a {@link UsageError} naming `where` (the file or URL).
 */
export function parseOpenApiDocument(text: string, where: string): OpenApiDocument {
  const raw = parseText(text, where);
  if (!isObject(raw)) {
    throw new UsageError(`${where}: not an OpenAPI document (expected a JSON or YAML object)`);
  }
  let version: OpenApiDocument['version'];
  if (typeof raw.openapi === 'string' && /^3\.\d+/.test(raw.openapi)) version = 'openapi3';
  else if (raw.swagger === '2.0' || raw.swagger === 2) version = 'swagger2';
  else if (raw.openapi !== undefined || raw.swagger !== undefined) {
    const found = String(raw.openapi ?? raw.swagger).slice(0, 20);
    throw new UsageError(
      `${where}: unsupported OpenAPI version "${found}" (expected OpenAPI 3.0/3.1 or Swagger 2.0)`,
    );
  } else {
    throw new UsageError(
      `${where}: not an OpenAPI document (no "openapi" or "swagger" version field)`,
    );
  }
  if (!isObject(raw.paths)) {
    throw new UsageError(
      `${where}: the document has no "paths" object, so there is nothing to test`,
    );
  }
  return { version, root: raw, paths: raw.paths };
}

function parseText(text: string, where: string): unknown {
  const source = text.replace(/^\uFEFF/, '');
  const trimmed = source.trim();
  if (trimmed === '') throw new UsageError(`${where}: the OpenAPI document is empty`);
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // Not strict JSON: YAML accepts a superset and reports a line for real errors.
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const message = (error.message.split('\n')[0] ?? 'invalid YAML').replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    throw new UsageError(`${where}:${line}:${col}: invalid JSON/YAML: ${message}`);
  }
  try {
    // Aliases are capped so a "billion laughs" document cannot exhaust memory.
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    // A recursive alias (`&a [*a]`) builds a cyclic object that nothing downstream expects.
    JSON.stringify(value);
    return value;
  } catch (cause) {
    const message = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
    throw new UsageError(`${where}: invalid YAML: ${message}`, { cause });
  }
}
