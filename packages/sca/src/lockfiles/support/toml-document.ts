import { ParseError } from '@rampart/core';
import { parse, TomlDate, TomlError, type TomlTable, type TomlValue } from 'smol-toml';

/**
 * TOML helpers shared by the TOML lockfile parsers (poetry.lock, uv.lock, Cargo.lock, and
 * the pyproject.toml / Pipfile manifests read beside them).
 */

/** Parses TOML, turning any failure into a `ParseError` at smol-toml's line and column. */
export function parseToml(text: string, file: string): TomlTable {
  try {
    return parse(text);
  } catch (cause) {
    if (cause instanceof TomlError) {
      const what = (cause.message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '');
      throw new ParseError(
        { file, line: cause.line, column: cause.column },
        `invalid TOML: ${what}`,
        {
          cause,
        },
      );
    }
    // smol-toml may also fail with a RangeError on absurd nesting: still a broken file.
    throw new ParseError({ file }, 'invalid TOML: the document could not be read', { cause });
  }
}

/** Whether a TOML value is a table (not an array, a date or a scalar). */
export function isTable(value: TomlValue | undefined): value is TomlTable {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof TomlDate)
  );
}

/**
 * The 1-based lines of the `[[name]]` array-of-tables headers, in order. `undefined` when
 * they cannot be lined up with the parsed array (e.g. an inline `name = [...]` array), so a
 * caller never reports a wrong line.
 * @example arrayTableLines(text, 'package', doc.package.length)
 */
export function arrayTableLines(
  text: string,
  name: string,
  expected: number,
): readonly number[] | undefined {
  const header = new RegExp(
    `^[ \\t]*\\[\\[[ \\t]*${name.replace(/\./g, '\\.')}[ \\t]*\\]\\][ \\t]*(?:#.*)?$`,
  );
  const lines: number[] = [];
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (header.test(raw.endsWith('\r') ? raw.slice(0, -1) : raw)) lines.push(line);
  }
  return lines.length === expected ? lines : undefined;
}

/**
 * Reads typed fields of one table, throwing a `ParseError` at `line` (the table's header)
 * when a field has the wrong type.
 */
export class TomlFields {
  constructor(
    private readonly table: TomlTable,
    private readonly file: string,
    private readonly line: number | undefined,
    private readonly where: string,
  ) {}

  /** A required string field. */
  string(key: string): string {
    const value = this.table[key];
    if (typeof value !== 'string') {
      this.fail(value === undefined ? `has no "${key}"` : `"${key}" is not a string`);
    }
    return value;
  }

  /** An optional string field. */
  optionalString(key: string): string | undefined {
    const value = this.table[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') this.fail(`"${key}" is not a string`);
    return value;
  }

  /** An optional array field (its items are checked by the caller). */
  optionalArray(key: string): readonly TomlValue[] | undefined {
    const value = this.table[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) this.fail(`"${key}" is not an array`);
    return value;
  }

  /** An optional table field. */
  optionalTable(key: string): TomlTable | undefined {
    const value = this.table[key];
    if (value === undefined) return undefined;
    if (!isTable(value)) this.fail(`"${key}" is not a table`);
    return value;
  }

  /** Throws a `ParseError` about this table. */
  fail(message: string): never {
    throw new ParseError({ file: this.file, line: this.line }, `${this.where} ${message}`);
  }
}

/**
 * The `[[package]]` array of a lock file (Cargo, poetry, uv) with each table's header line
 * (`undefined` when the lines cannot be lined up); a `package` key that is not an array is
 * a `ParseError`.
 */
export function packageTables(
  doc: TomlTable,
  text: string,
  file: string,
): { readonly list: readonly TomlValue[]; readonly lines: readonly number[] | undefined } {
  const list = doc.package ?? [];
  if (!Array.isArray(list)) {
    throw new ParseError({ file }, '"package" is not an array of tables');
  }
  return { list, lines: arrayTableLines(text, 'package', list.length) };
}
