import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Finding, FindingSchema } from '../finding/finding.js';
import { fromSarif } from './sarif-reader.js';
import { findingArbitrary, realisticFindings } from './sarif-test-support.js';
import { toSarif } from './sarif-writer.js';

/** Writes, serialises, parses and reads back, as a file on disk would go. */
function roundTrip(findings: readonly Finding[], rootUri?: string) {
  const log = toSarif(findings, {
    toolVersion: '1.0.0',
    ...(rootUri === undefined ? {} : { rootUri }),
  });
  return fromSarif(JSON.parse(JSON.stringify(log)), { sourceName: 'round-trip.sarif' });
}

describe('SARIF round trip', () => {
  it('reads back exactly the findings it wrote', () => {
    const findings = realisticFindings();
    expect(roundTrip(findings)).toStrictEqual({ findings, errors: [] });
  });

  it('reads back exactly the findings it wrote when the root is given', () => {
    const findings = realisticFindings();
    expect(roundTrip(findings, '/home/dev/my app')).toStrictEqual({ findings, errors: [] });
  });

  it('reads back any generated findings exactly', () => {
    fc.assert(
      fc.property(fc.array(findingArbitrary, { maxLength: 6 }), (findings) => {
        for (const f of findings) expect(FindingSchema.safeParse(f).success).toBe(true);
        expect(roundTrip(findings)).toStrictEqual({ findings, errors: [] });
      }),
      { numRuns: 300 },
    );
  });
});
