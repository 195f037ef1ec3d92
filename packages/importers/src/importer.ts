import type { FindingDraft } from '@rampart/core';

/** What an importer knows about the report it reads. */
export interface ImportContext {
  /** The report's path as the user gave it: every error message names it. */
  readonly file: string;
}

/**
 * One other tool's report format. `parse` turns a whole report into finding drafts, or
 * throws a `ParseError` (from `@rampart/core`) naming the file, the line when it can, and
 * what is wrong: a malformed report is rejected, never half imported.
 */
export interface Importer {
  /** The `--from` name: `semgrep`, `trivy`, `npm-audit`… */
  readonly id: string;
  /** One line for `rampart import --help` and docs: the tool and the format read. */
  readonly description: string;
  /**
   * Whether a report looks like this format, for auto-detection. Gets the text and, when
   * the text is JSON, its parsed value; must be cheap and must not throw.
   */
  detect(text: string, json: unknown): boolean;
  parse(text: string, ctx: ImportContext): FindingDraft[];
}
