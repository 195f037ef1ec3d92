import { type FindingDraft, ParseError, UsageError } from '@rampart/core';
import type { Importer } from './importer.js';
import { IMPORTERS } from './importers.js';

/** What {@link importReport} found in a report. */
export interface ImportedReport {
  readonly importer: Importer;
  readonly findings: FindingDraft[];
}

/**
 * The importer for a report: the one `from` names, else the first whose `detect` accepts
 * the text. Throws a UsageError naming the known formats when neither works.
 */
export function importerFor(
  text: string,
  file: string,
  from?: string,
  importers: readonly Importer[] = IMPORTERS,
): Importer {
  const ids = importers.map((i) => i.id).join(', ');
  if (from !== undefined) {
    const named = importers.find((i) => i.id === from);
    if (!named) throw new UsageError(`--from ${from}: not a known format; expected one of ${ids}`);
    return named;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const found = importers.find((i) => {
    try {
      return i.detect(text, json);
    } catch {
      return false;
    }
  });
  if (!found) {
    throw new UsageError(`${file}: could not tell which tool wrote this report`, {
      hint: `name it with --from (one of ${ids})`,
    });
  }
  return found;
}

/**
 * Reads another tool's report into finding drafts, all or nothing: a malformed report is a
 * ParseError naming the file and line, and nothing of it is returned.
 */
export function importReport(
  text: string,
  options: { readonly file: string; readonly from?: string | undefined },
): ImportedReport {
  if (text.trim() === '')
    throw new ParseError({ file: options.file, line: 1 }, 'the report is empty');
  const importer = importerFor(text, options.file, options.from);
  return { importer, findings: importer.parse(text, { file: options.file }) };
}
