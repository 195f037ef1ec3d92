import { readFile } from 'node:fs/promises';
import {
  ParseError,
  parseJsonText,
  REPORT_SCHEMA_VERSION,
  type ScanReport,
  ScanReportSchema,
  UsageError,
} from '@rampart/core';

const HINT = 'write it with `rampart scan --format json --output FILE` and pass --report FILE';

/**
 * Reads a Rampart JSON report (`rampart scan --format json`). A missing file, broken JSON
 * (file:line:column) or a file that is not a report (the first field that is wrong) is an
 * error naming `shown`, the path as the user gave it.
 */
export async function readScanReport(path: string, shown: string): Promise<ScanReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(
      missing
        ? `report not found: ${shown}`
        : `cannot read the report ${shown}: ${(cause as Error).message}`,
      { cause, hint: HINT },
    );
  }
  const json = parseJsonText(text, shown);
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (
    typeof json === 'object' &&
    json !== null &&
    version !== undefined &&
    version !== REPORT_SCHEMA_VERSION
  ) {
    throw new ParseError(
      { file: shown },
      `report schemaVersion ${JSON.stringify(version)} is not supported (this rampart reads ${REPORT_SCHEMA_VERSION})`,
      { hint: 'use the same rampart version for `scan` and `comment`' },
    );
  }
  const parsed = ScanReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue && issue.path.length > 0
        ? ` at ${issue.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
            .join('')
            .replace(/^\./, '')}`
        : '';
    throw new ParseError(
      { file: shown },
      `not a Rampart JSON report${where}: ${issue?.message ?? 'invalid'}`,
      { hint: HINT },
    );
  }
  return parsed.data;
}
