import { type FindingDraft, ParseError } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { region, reportPath, toolRuleId } from '../../support/draft-fields.js';
import { firstJsonLine, isRecord, readJsonLines } from '../../support/json-report.js';
import { secretDraft } from '../../support/secret-draft.js';

const FORMAT = 'trufflehog JSON Lines report';

// Every source puts its facts under one key of `Data` (Filesystem, Git, Github, Gitlab…).
const SourceData = z.looseObject({
  file: z.string().nullish(),
  line: z.number().int().nullish(),
  commit: z.string().nullish(),
  repository: z.string().nullish(),
  link: z.string().nullish(),
});

const TrufflehogRecord = z.object({
  SourceMetadata: z.object({ Data: z.record(z.string(), SourceData) }),
  SourceName: z.string().nullish(),
  DetectorName: z.string().min(1),
  DecoderName: z.string().nullish(),
  Verified: z.boolean(),
  Raw: z.string(),
  ExtraData: z.record(z.string(), z.unknown()).nullish(),
});

type TrufflehogRecord = z.output<typeof TrufflehogRecord>;

function toDraft(record: TrufflehogRecord, file: string, line: number): FindingDraft {
  const [source, data] = Object.entries(record.SourceMetadata.Data)[0] ?? [];
  if (source === undefined || data === undefined || !data.file) {
    throw new ParseError(
      { file, line },
      `cannot import line ${line}: its ${source ?? 'unnamed'} source gives no file; only findings in files (filesystem, git, GitHub, GitLab) can be imported`,
    );
  }
  const properties: Record<string, string | boolean> = { source, verified: record.Verified };
  if (data.commit) properties.commit = data.commit;
  if (data.repository) properties.repository = data.repository;
  if (data.link) properties.link = data.link;
  if (record.DecoderName && record.DecoderName !== 'PLAIN') properties.decoder = record.DecoderName;
  // ExtraData may hold account ids and owners: only the rotation guide link is kept.
  const guide = record.ExtraData?.rotation_guide;
  return secretDraft({
    ruleId: toolRuleId('trufflehog', record.DetectorName),
    tool: { name: 'trufflehog', version: '' },
    title: `${record.DetectorName} secret`,
    // trufflehog has no severities. A secret it verified against the provider's API is live:
    // critical, high confidence; an unverified match is high with medium confidence.
    severity: record.Verified ? 'critical' : 'high',
    confidence: record.Verified ? 'high' : 'medium',
    path: reportPath(data.file),
    region: region(data.line ?? 1),
    value: record.Raw,
    // `Verified: false` may mean "checked, not live" or "not checked" (--no-verification).
    validated: record.Verified ? 'valid' : 'unknown',
    commit: data.commit ?? undefined,
    tags: [record.DetectorName.toLowerCase()],
    references: typeof guide === 'string' && /^https:\/\//.test(guide) ? [guide] : [],
    properties,
  });
}

/**
 * trufflehog v3's JSON output (`trufflehog … --json`): one JSON object per line. Each
 * becomes a secrets finding at the file and line its source names; the secret (`Raw`,
 * `RawV2`, `Redacted`) is kept only as a hash and a preview. `Verified` makes it critical and
 * `secret.validated: 'valid'`. A line that is not JSON, or a finding outside a file (an S3
 * bucket, a Docker layer without a path), fails the import with its line number.
 */
export const trufflehogImporter: Importer = {
  id: 'trufflehog',
  description: 'trufflehog v3 JSON Lines output (--json)',
  detect(text, json) {
    const first = json === undefined ? firstJsonLine(text) : json;
    return (
      isRecord(first) &&
      isRecord(first.SourceMetadata) &&
      typeof first.DetectorName === 'string' &&
      'Verified' in first
    );
  },
  parse(text, { file }) {
    return readJsonLines(text, file, FORMAT, TrufflehogRecord).map(({ line, value }) =>
      toDraft(value, file, line),
    );
  },
};
