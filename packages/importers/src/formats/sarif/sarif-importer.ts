import {
  type FindingDraft,
  fromSarif,
  maskSecretIn,
  ParseError,
  parseJsonText,
  redactSecret,
  type ScannerKind,
  type SecretInfo,
  secretFingerprint,
  secretInfo,
} from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { owaspOf, toolRuleId } from '../../support/draft-fields.js';
import { checkShape, isRecord, jsonPathLine } from '../../support/json-report.js';

const FORMAT = 'SARIF 2.1.0 log';

// Only what `fromSarif` needs to trust before it reads results one by one.
const SarifShape = z.object({
  version: z.literal('2.1.0'),
  runs: z.array(
    z.object({
      tool: z.object({ driver: z.object({ name: z.string().min(1) }) }),
      results: z.array(z.unknown()).nullish(),
    }),
  ),
});

/** What Rampart knows of a SARIF producer: the prefix of its rule ids and its scanner kind. */
interface KnownTool {
  readonly pattern: RegExp;
  readonly slug: string;
  /** `undefined`: decided per result (Trivy reports vulnerabilities, misconfigurations and secrets). */
  readonly kind: ScannerKind | undefined;
}

const KNOWN_TOOLS: readonly KnownTool[] = [
  { pattern: /^codeql\b/i, slug: 'codeql', kind: 'sast' },
  { pattern: /semgrep/i, slug: 'semgrep', kind: 'sast' },
  { pattern: /^bandit\b/i, slug: 'bandit', kind: 'sast' },
  { pattern: /^gitleaks\b/i, slug: 'gitleaks', kind: 'secrets' },
  { pattern: /trufflehog/i, slug: 'trufflehog', kind: 'secrets' },
  { pattern: /detect-secrets/i, slug: 'detect-secrets', kind: 'secrets' },
  { pattern: /^trivy\b/i, slug: 'trivy', kind: undefined },
  { pattern: /^checkov\b/i, slug: 'checkov', kind: 'iac' },
  { pattern: /^(kics|tfsec|terrascan|hadolint|kube-?linter|kubesec)\b/i, slug: '', kind: 'iac' },
  { pattern: /\b(zap|zaproxy)\b/i, slug: 'zap', kind: 'dast' },
  { pattern: /^nuclei\b/i, slug: 'nuclei', kind: 'dast' },
  {
    pattern: /^(grype|osv-scanner|dependency-check|snyk|npm audit|yarn audit)\b/i,
    slug: '',
    kind: 'sca',
  },
];

function slugOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'sarif'
  );
}

/** The rule-id prefix and scanner kind of a run's tool; anything unknown is SAST. */
function toolOf(driverName: string): { slug: string; kind: ScannerKind | undefined } {
  const known = KNOWN_TOOLS.find((tool) => tool.pattern.test(driverName.trim()));
  if (known === undefined) return { slug: slugOf(driverName), kind: 'sast' };
  const first = driverName.trim().split(/\s+/)[0] ?? driverName;
  return { slug: known.slug === '' ? slugOf(first) : known.slug, kind: known.kind };
}

/** Trivy tags each rule `vulnerability`, `misconfiguration` or `secret`. */
function trivyKind(tags: readonly string[]): ScannerKind {
  if (tags.includes('misconfiguration')) return 'iac';
  if (tags.includes('secret')) return 'secrets';
  return 'sca';
}

/**
 * A secret finding keeps no secret: the snippet (gitleaks writes the secret itself there,
 * other tools the line that holds it) becomes the secret's hash and preview, is masked in
 * the message, and the fingerprint is Rampart's secret fingerprint over its hash.
 */
function withoutSecret(draft: FindingDraft): FindingDraft {
  const location = draft.location;
  if (location.kind !== 'code' || location.snippet === undefined || location.snippet === '') {
    return draft;
  }
  // `gitleaks --redact` leaves `REDACTED` (or a prefix and `...`): nothing left to hash.
  if (location.snippet === 'REDACTED' || location.snippet.endsWith('...')) {
    const { fingerprint: _, ...rest } = draft;
    return { ...rest, location: { ...location, snippet: 'REDACTED' } };
  }
  const value = location.snippet;
  const secret: SecretInfo = secretInfo(value);
  const { snippet: _, ...rest } = location;
  return {
    ...draft,
    message: maskSecretIn(draft.message, value),
    location: { ...rest, snippet: redactSecret(value) },
    secret,
    fingerprint: secretFingerprint(draft.ruleId, location.path, secret.hash),
  };
}

/**
 * SARIF 2.1.0 from any producer (CodeQL, Semgrep, gitleaks, Trivy, Checkov, ZAP…), read by
 * core's `fromSarif`. Each run's tool decides the scanner kind (Trivy per result, from its
 * rule tags; a result at a URL is DAST) and the rule-id prefix (`codeql/js/sql-injection`);
 * Rampart's own SARIF comes back unchanged. Secrets found by secret scanners are hashed and
 * masked; an OWASP category missing from the tags comes from the CWEs. A result that cannot
 * be mapped fails the import with its line.
 */
export const sarifImporter: Importer = {
  id: 'sarif',
  description: 'SARIF 2.1.0 from any tool (CodeQL, Semgrep, gitleaks, Trivy, Checkov, ZAP, …)',
  detect(_text, json) {
    return isRecord(json) && json.version === '2.1.0' && Array.isArray(json.runs);
  },
  parse(text, { file }) {
    const json = parseJsonText(text, file);
    const log = checkShape(json, SarifShape, {
      file,
      format: FORMAT,
      lineOf: (path) => jsonPathLine(text, path),
    });
    const drafts: FindingDraft[] = [];
    for (const [runIndex, run] of log.runs.entries()) {
      // One run at a time: each run's tool decides its scanner kind.
      const raw = (json as { runs: unknown[] }).runs[runIndex];
      const tool = toolOf(run.tool.driver.name);
      let read: ReturnType<typeof fromSarif>;
      try {
        read = fromSarif(
          { version: '2.1.0', runs: [raw] },
          { sourceName: file, scannerKind: tool.kind ?? 'sca' },
        );
      } catch (err) {
        throw new ParseError(
          { file, line: jsonPathLine(text, ['runs', runIndex]) },
          `not a ${FORMAT}: runs[${runIndex}]: ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      }
      const failed = read.errors[0];
      if (failed !== undefined) {
        const reason = failed.message.replace(`${file}: run 0, result ${failed.index}: `, '');
        throw new ParseError(
          { file, line: jsonPathLine(text, ['runs', runIndex, 'results', failed.index]) },
          `runs[${runIndex}].results[${failed.index}] cannot be imported: ${reason}`,
        );
      }
      for (const finding of read.findings) {
        const { novelty: _, ...found } = finding;
        if (found.tool.name.toLowerCase() === 'rampart') {
          drafts.push(found);
          continue;
        }
        const scanner: ScannerKind =
          found.location.kind === 'url' ? 'dast' : (tool.kind ?? trivyKind(found.tags));
        // SARIF has no OWASP field: a category comes from a tag, else from the CWEs.
        const owasp = found.owasp ?? owaspOf([], found.cwe);
        const draft: FindingDraft = {
          ...found,
          ruleId: toolRuleId(tool.slug, found.ruleId),
          scanner,
          ...(owasp === undefined ? {} : { owasp }),
        };
        drafts.push(scanner === 'secrets' ? withoutSecret(draft) : draft);
      }
    }
    return drafts;
  },
};
