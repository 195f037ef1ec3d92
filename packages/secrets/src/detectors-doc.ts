import type { Detector } from './detector.js';
import { detectorRuleId } from './detector.js';

function checks(d: Detector): string {
  const out: string[] = [];
  if (d.validate) out.push('format check');
  if (d.minEntropy !== undefined) out.push(`entropy ≥ ${d.minEntropy}`);
  if (d.requires) out.push(`needs a match within ${d.requires.lines} lines`);
  return out.join(', ') || '—';
}

/**
 * The detector catalogue as markdown (docs/secrets-detectors.md), generated from the
 * declarations so it never drifts; `npm run gen` writes it and a test fails when stale.
 */
export function detectorsMarkdown(detectors: readonly Detector[]): string {
  const byProvider = [...detectors].sort(
    (a, b) => a.provider.localeCompare(b.provider, 'en') || a.id.localeCompare(b.id, 'en'),
  );
  const rows = byProvider.map(
    (d) =>
      `| ${d.provider} | ${d.title} | \`${detectorRuleId(d)}\` | ${d.severity} | ${d.confidence ?? 'high'} | ${checks(d)} |`,
  );
  return [
    '# Secret detectors',
    '',
    `Generated from \`packages/secrets/src/detectors/\` by \`npm run gen\`: ${detectors.length} detectors.`,
    'Each family folder there has a README with the formats, why they matter and how to revoke',
    'and rotate each credential. Disable one with `rules: { secrets/<id>: off }` in rampart.yml,',
    'or exclude paths for it with `rules: { secrets/<id>: { exclude: [...] } }`.',
    '',
    '| provider | credential | rule id | severity | confidence | checks beyond the pattern |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
