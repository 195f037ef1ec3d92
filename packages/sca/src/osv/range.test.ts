import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { hasSharedData, sharedOsvZip } from '../test-support/shared-data.js';
import type { Ecosystem, VersionScheme } from '../types.js';
import { ECOSYSTEMS } from '../types.js';
import { goScheme } from '../version/go.js';
import { schemeFor } from '../version/index.js';
import { mavenScheme } from '../version/maven.js';
import { pep440Scheme } from '../version/pep440.js';
import { semverScheme } from '../version/semver.js';
import {
  type OsvAffected,
  type OsvEvent,
  type OsvRecord,
  osvRecordSchema,
  parseOsvRecord,
} from './osv-types.js';
import { fixedVersions, isAffected, smallestFix } from './range.js';

/** One SEMVER range with these events. */
const semver = (...events: OsvEvent[]): OsvAffected => ({ ranges: [{ type: 'SEMVER', events }] });

/** The versions of `candidates` that `affected` affects. */
const affectedOf = (candidates: readonly string[], affected: OsvAffected, scheme = semverScheme) =>
  candidates.filter((v) => isAffected(v, affected, scheme));

describe('isAffected, on the OSV specification examples', () => {
  it('affects every version when only introduced "0" is given', () => {
    const a = semver({ introduced: '0' });
    expect(affectedOf(['0.0.0', '0.0.1-alpha', '1.0.0', '99.99.99'], a)).toEqual([
      '0.0.0',
      '0.0.1-alpha',
      '1.0.0',
      '99.99.99',
    ]);
  });

  it('affects everything before a fixed version, and not the fixed version itself', () => {
    const a = semver({ introduced: '0' }, { fixed: '1.0.2' });
    expect(affectedOf(['0.0.1', '1.0.1', '1.0.2-rc.1', '1.0.2', '1.0.3'], a)).toEqual([
      '0.0.1',
      '1.0.1',
      '1.0.2-rc.1',
    ]);
  });

  it('handles several introduced/fixed pairs in one range', () => {
    const a = semver(
      { introduced: '1.0.0' },
      { fixed: '1.0.2' },
      { introduced: '3.0.0' },
      { fixed: '3.2.5' },
    );
    const all = ['0.9.0', '1.0.0', '1.0.1', '1.0.2', '2.0.0', '3.0.0', '3.2.4', '3.2.5', '4.0.0'];
    expect(affectedOf(all, a)).toEqual(['1.0.0', '1.0.1', '3.0.0', '3.2.4']);
  });

  it('includes last_affected itself and nothing after it, unlike fixed', () => {
    const lastAffected = {
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '2.1.214' }] }],
    } as const;
    const fixed = semver({ introduced: '0' }, { fixed: '2.1.214' });
    expect(isAffected('2.1.214', lastAffected, mavenScheme)).toBe(true);
    expect(isAffected('2.1.215', lastAffected, mavenScheme)).toBe(false);
    expect(isAffected('2.1.214', fixed, semverScheme)).toBe(false);
    expect(isAffected('2.1.213', fixed, semverScheme)).toBe(true);
  });

  it('counts a range only below one of its limits, "*" being no limit', () => {
    const limited = semver({ introduced: '0' }, { limit: '2.0.0' });
    expect(affectedOf(['1.9.9', '2.0.0', '3.0.0'], limited)).toEqual(['1.9.9']);
    const twoLimits = semver({ introduced: '1.0.0' }, { limit: '1.5.0' }, { limit: '3.0.0' });
    expect(affectedOf(['0.9.0', '1.0.0', '2.0.0', '3.0.0'], twoLimits)).toEqual(['1.0.0', '2.0.0']);
    const star = semver({ introduced: '1.0.0' }, { limit: '*' });
    expect(affectedOf(['0.9.0', '1.0.0', '100.0.0'], star)).toEqual(['1.0.0', '100.0.0']);
  });
});

describe('isAffected, beyond the examples', () => {
  it('sorts events that a record lists out of order', () => {
    const a = semver(
      { fixed: '3.2.5' },
      { introduced: '3.0.0' },
      { fixed: '1.0.2' },
      { introduced: '1.0.0' },
    );
    const all = ['0.9.0', '1.0.0', '1.0.1', '1.0.2', '2.0.0', '3.0.0', '3.2.4', '3.2.5'];
    expect(affectedOf(all, a)).toEqual(['1.0.0', '1.0.1', '3.0.0', '3.2.4']);
    expect(affectedOf(['0.0.1', '1.0.0'], semver({ fixed: '1.0.0' }, { introduced: '0' }))).toEqual(
      ['0.0.1'],
    );
  });

  it('affects a version when any of several ranges includes it', () => {
    const a: OsvAffected = {
      ranges: [
        { type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.1.0' }] },
        { type: 'SEMVER', events: [{ introduced: '2.0.0' }, { last_affected: '2.0.5' }] },
      ],
    };
    expect(affectedOf(['0.1.0', '1.0.5', '1.1.0', '2.0.5', '2.0.6'], a)).toEqual([
      '1.0.5',
      '2.0.5',
    ]);
  });

  it('keeps the record order of events at one version: a zero-width range affects nothing', () => {
    expect(
      isAffected('1.0.0', semver({ introduced: '1.0.0' }, { fixed: '1.0.0' }), semverScheme),
    ).toBe(false);
    const reopened = semver(
      { introduced: '0' },
      { fixed: '1.0.0' },
      { introduced: '1.0.0' },
      { fixed: '2.0.0' },
    );
    expect(affectedOf(['0.5.0', '1.0.0', '1.5.0', '2.0.0'], reopened)).toEqual([
      '0.5.0',
      '1.0.0',
      '1.5.0',
    ]);
  });

  it('matches the versions list by version equality, not string equality', () => {
    const a: OsvAffected = { versions: ['1.0', '2.0rc1', 'legacy-1'] };
    expect(isAffected('1.0.0', a, pep440Scheme)).toBe(true);
    expect(isAffected('2.0.RC1', a, pep440Scheme)).toBe(true);
    expect(isAffected('legacy-1', a, pep440Scheme)).toBe(true); // not PEP 440, but listed as is
    expect(isAffected('1.0.1', a, pep440Scheme)).toBe(false);
    expect(isAffected('2.0', a, pep440Scheme)).toBe(false);
  });

  it('searches the versions list the same way with a scheme that has no canonical forms', () => {
    const plain: VersionScheme = {
      id: 'plain-pep440',
      isValid: (v) => pep440Scheme.isValid(v),
      compare: (a, b) => pep440Scheme.compare(a, b),
    };
    const a: OsvAffected = { versions: ['2.0rc1', '0.9', '1.0', 'legacy-1', '1.1.post1'] };
    for (const v of [
      '1.0.0',
      '2.0.RC1',
      'legacy-1',
      '1.1-1',
      '0.9.0',
      '1.0.1',
      '2.0',
      '0.8',
      '3',
    ]) {
      expect(isAffected(v, a, plain), v).toBe(isAffected(v, a, pep440Scheme));
    }
    expect(isAffected('1.1-1', a, plain)).toBe(true);
  });

  it('ignores GIT ranges: commits cannot be ordered without the repository', () => {
    const a: OsvAffected = {
      ranges: [
        {
          type: 'GIT',
          repo: 'https://github.com/owner/repo',
          events: [{ introduced: '0' }, { fixed: '9e0b8c801e4d505c2ffc91b891af4ba48af715e0' }],
        },
      ],
    };
    expect(isAffected('1.0.0', a, semverScheme)).toBe(false);
  });

  it('never affects a version the scheme cannot order, unless it is listed', () => {
    const a = semver({ introduced: '0' });
    expect(isAffected('not-a-version', a, semverScheme)).toBe(false);
    expect(isAffected('1.0', a, semverScheme)).toBe(false);
    expect(isAffected('not-a-version', { ...a, versions: ['not-a-version'] }, semverScheme)).toBe(
      true,
    );
  });

  it('ignores events whose version the scheme cannot order', () => {
    // PYSEC-2019-125 really has `fixed: "2019-09-12"`.
    const a: OsvAffected = {
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2019-09-12' }] }],
    };
    expect(isAffected('1.0', a, pep440Scheme)).toBe(true);
  });

  it('reads Go versions with a v against OSV bounds without one, pseudo-versions included', () => {
    const a = semver({ introduced: '0' }, { fixed: '0.0.0-20220906165146-f3363e06e74c' });
    expect(isAffected('v0.0.0-20220722155237-a158d28d115b', a, goScheme)).toBe(true);
    expect(isAffected('v0.0.0-20220906165146-f3363e06e74c', a, goScheme)).toBe(false);
    expect(isAffected('v0.1.0', a, goScheme)).toBe(false);
  });

  it('agrees with a direct interval check on random ranges, whatever the event order', () => {
    const boundaries = fc.uniqueArray(fc.integer({ min: 1, max: 30 }), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        boundaries,
        fc.boolean(),
        fc.boolean(),
        fc.integer(),
        (raw, fromZero, inclusive, seed) => {
          const b = [...raw].sort((x, y) => x - y);
          const v = (n: number) => `${n}.0.0`;
          // b[0] introduced (or "0"), b[1] closes, b[2] opens...; the last close may be last_affected.
          const events: OsvEvent[] = b.map((n, i) =>
            i % 2 === 0
              ? { introduced: i === 0 && fromZero ? '0' : v(n) }
              : i === b.length - 1 && inclusive
                ? { last_affected: v(n) }
                : { fixed: v(n) },
          );
          const shuffled =
            fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), {
              seed,
              numRuns: 1,
            })[0] ?? events;
          const expected = (x: number): boolean => {
            let inside = false;
            b.forEach((n, i) => {
              if (i % 2 === 0) {
                if ((i === 0 && fromZero) || x >= n) inside = true;
              } else if (i === b.length - 1 && inclusive ? x > n : x >= n) {
                inside = false;
              }
            });
            return inside;
          };
          for (let x = 0; x <= 31; x++) {
            expect(
              isAffected(v(x), semver(...shuffled), semverScheme),
              `${x} in ${JSON.stringify(shuffled)}`,
            ).toBe(expected(x));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('fixedVersions', () => {
  it('lists the fixed versions of SEMVER and ECOSYSTEM ranges once, in order, without GIT commits', () => {
    const a: OsvAffected = {
      ranges: [
        {
          type: 'ECOSYSTEM',
          events: [
            { introduced: '0' },
            { fixed: '2.2.24' },
            { introduced: '3.0' },
            { fixed: '3.1.12' },
          ],
        },
        {
          type: 'GIT',
          repo: 'https://github.com/django/django',
          events: [{ introduced: '0' }, { fixed: 'abc123' }],
        },
        {
          type: 'ECOSYSTEM',
          events: [{ introduced: '3.0' }, { fixed: '3.1.12' }, { last_affected: '4.0' }],
        },
      ],
    };
    expect(fixedVersions(a)).toEqual(['2.2.24', '3.1.12']);
    expect(fixedVersions({})).toEqual([]);
  });
});

describe('smallestFix', () => {
  it('gives the first fix above the version', () => {
    const a = semver(
      { introduced: '0' },
      { fixed: '1.0.2' },
      { introduced: '3.0.0' },
      { fixed: '3.2.5' },
    );
    expect(smallestFix('0.5.0', [a], semverScheme)).toBe('1.0.2');
    expect(smallestFix('3.1.0', [a], semverScheme)).toBe('3.2.5');
  });

  it('skips a fix that another range still affects', () => {
    const a = semver({ introduced: '0' }, { fixed: '1.2.3' });
    const b = semver({ introduced: '1.2.0' }, { fixed: '1.2.5' });
    expect(smallestFix('1.1.0', [a, b], semverScheme)).toBe('1.2.5');
  });

  it('has no answer past a last_affected, or past every fix', () => {
    expect(
      smallestFix('1.0.0', [semver({ introduced: '0' }, { last_affected: '1.0.0' })], semverScheme),
    ).toBeUndefined();
    const a = semver({ introduced: '0' }, { fixed: '1.2.3' });
    const b = semver({ introduced: '1.2.0' }, { last_affected: '1.3.0' });
    expect(smallestFix('1.1.0', [a, b], semverScheme)).toBeUndefined();
    expect(smallestFix('5.0.0', [a], semverScheme)).toBeUndefined();
  });

  it('returns a fix that is above the version, unaffected, and the smallest such', () => {
    const event = fc.oneof(
      fc.integer({ min: 0, max: 9 }).map((n): OsvEvent => ({ introduced: `${n}.0.0` })),
      fc.integer({ min: 0, max: 9 }).map((n): OsvEvent => ({ fixed: `${n}.0.0` })),
      fc.integer({ min: 0, max: 9 }).map((n): OsvEvent => ({ last_affected: `${n}.0.0` })),
    );
    const entry = fc
      .array(fc.array(event, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 })
      .map(
        (ranges): OsvAffected => ({ ranges: ranges.map((events) => ({ type: 'SEMVER', events })) }),
      );
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 9 }),
        (entries, n) => {
          const version = `${n}.0.0`;
          const fix = smallestFix(version, entries, semverScheme);
          const candidates = entries
            .flatMap(fixedVersions)
            .filter(
              (f) =>
                semverScheme.compare(f, version) > 0 &&
                !entries.some((e) => isAffected(f, e, semverScheme)),
            )
            .sort((x, y) => semverScheme.compare(x, y));
          expect(fix).toBe(candidates[0]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('osvRecordSchema', () => {
  it('accepts a record with fields it does not know, and keeps them', () => {
    const record = parseOsvRecord({
      id: 'OSV-1',
      modified: '2024-01-01T00:00:00Z',
      affected: [
        {
          package: { ecosystem: 'npm', name: 'x' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }],
          future: 1,
        },
      ],
      database_specific: { severity: 'HIGH', extra: [1] },
      brand_new_field: true,
    });
    expect(record.database_specific?.severity).toBe('HIGH');
    expect((record as unknown as Record<string, unknown>).brand_new_field).toBe(true);
  });

  it('rejects events with two kinds, unknown range types and a missing id, naming the field', () => {
    const base = { id: 'OSV-1', modified: '2024-01-01T00:00:00Z' };
    expect(() =>
      parseOsvRecord({
        ...base,
        affected: [{ ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1' }] }] }],
      }),
    ).toThrow(/affected\.0\.ranges\.0\.events\.0/);
    expect(() =>
      parseOsvRecord({ ...base, affected: [{ ranges: [{ type: 'SEMVER2', events: [] }] }] }),
    ).toThrow(/type/);
    expect(() => parseOsvRecord({ modified: base.modified })).toThrow(/id/);
  });

  it('drops a database severity that is not a word rather than the record', () => {
    const record = parseOsvRecord({ id: 'X', modified: 'm', database_specific: { severity: 7.5 } });
    expect(record.database_specific?.severity).toBeUndefined();
  });
});

/** Every record of `../shared/data/osv/<ecosystem>/all.zip`, by id. */
async function readOsvZip(ecosystem: Ecosystem): Promise<Map<string, unknown>> {
  const zip = await yauzl.openPromise(sharedOsvZip(ecosystem), { lazyEntries: true });
  const records = new Map<string, unknown>();
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry))
        chunks.push(chunk as Buffer);
      records.set(
        entry.fileName.replace(/\.json$/, ''),
        JSON.parse(Buffer.concat(chunks).toString('utf8')),
      );
    }
  } finally {
    zip.close();
  }
  return records;
}

describe.skipIf(!hasSharedData)('on real OSV records from ../shared/data/osv', () => {
  const corpus = new Map<Ecosystem, Map<string, OsvRecord>>();

  beforeAll(async () => {
    for (const ecosystem of ECOSYSTEMS) {
      const raw = await readOsvZip(ecosystem);
      corpus.set(ecosystem, new Map([...raw].map(([id, r]) => [id, parseOsvRecord(r)])));
    }
  }, 60_000);

  /** The affected entries of one record, for the one package. */
  const entries = (ecosystem: Ecosystem, id: string, name?: string): OsvAffected[] => {
    const record = corpus.get(ecosystem)?.get(id);
    if (record === undefined) throw new Error(`${ecosystem} ${id} is not in the corpus`);
    return (record.affected ?? []).filter((a) => name === undefined || a.package?.name === name);
  };

  /** Whether any entry of the records affects `version` (what a matcher reports). */
  const affects = (
    ecosystem: Ecosystem,
    ids: readonly string[],
    version: string,
    name?: string,
  ): boolean =>
    ids.some((id) =>
      entries(ecosystem, id, name).some((a) => isAffected(version, a, schemeFor(ecosystem))),
    );

  it('parses every record of every ecosystem', () => {
    const counts = Object.fromEntries([...corpus].map(([e, m]) => [e, m.size]));
    expect(counts).toEqual({
      npm: 468,
      PyPI: 2661,
      Go: 4291,
      'crates.io': 1206,
      RubyGems: 1234,
      Packagist: 1592,
      Maven: 5,
      NuGet: 1,
    });
    for (const records of corpus.values()) {
      for (const r of records.values()) expect(osvRecordSchema.safeParse(r).success).toBe(true);
    }
  });

  it('can order nearly every range bound of the corpus with its ecosystem scheme', () => {
    const unorderable: string[] = [];
    for (const [ecosystem, records] of corpus) {
      const scheme = schemeFor(ecosystem);
      for (const r of records.values()) {
        for (const a of r.affected ?? []) {
          for (const range of a.ranges ?? []) {
            if (range.type === 'GIT') continue;
            for (const e of range.events) {
              for (const v of [e.introduced, e.fixed, e.last_affected, e.limit]) {
                if (v !== undefined && v !== '0' && !scheme.isValid(v))
                  unorderable.push(`${r.id}: ${v}`);
              }
            }
          }
        }
      }
    }
    expect(unorderable.sort()).toEqual([
      'PYSEC-2019-125: 2019-09-12',
      'PYSEC-2021-371: 0.2.0-n653',
    ]);
  });

  it('Maven log4j GHSA-jfh8-c2jp-5v3q (Log4Shell): 2.14.1 affected, 2.17.1 not', () => {
    const log4shell = ['GHSA-jfh8-c2jp-5v3q'];
    expect(affects('Maven', log4shell, '2.14.1')).toBe(true);
    expect(affects('Maven', log4shell, '2.17.1')).toBe(false);
    expect(affects('Maven', log4shell, '2.15.0')).toBe(false);
    expect(affects('Maven', log4shell, '2.12.1')).toBe(true);
    expect(affects('Maven', log4shell, '2.12.2')).toBe(false);
    expect(affects('Maven', log4shell, '2.0-beta9')).toBe(true);
    expect(affects('Maven', log4shell, '2.15.0-rc1')).toBe(true);
  });

  it('Maven log4j: the smallest fix for all three 2021 advisories together is 2.17.0', () => {
    const all = ['GHSA-jfh8-c2jp-5v3q', 'GHSA-7rjr-3q55-vv33', 'GHSA-p6xc-xr62-6r2g'].flatMap(
      (id) => entries('Maven', id),
    );
    expect(smallestFix('2.14.1', entries('Maven', 'GHSA-jfh8-c2jp-5v3q'), mavenScheme)).toBe(
      '2.15.0',
    );
    // 2.15.0 is still affected by CVE-2021-45046 and 2.16.0 by CVE-2021-45105.
    expect(smallestFix('2.14.1', all, mavenScheme)).toBe('2.17.0');
    expect(smallestFix('2.12.1', all, mavenScheme)).toBe('2.12.3');
  });

  it('Go GO-2022-0969 (golang.org/x/net): pseudo-versions on both sides', () => {
    const X_NET = 'golang.org/x/net';
    // The same record's stdlib entry (go1.18.5 affected) must not leak into x/net's answers.
    expect(affects('Go', ['GO-2022-0969'], '1.18.5', 'stdlib')).toBe(true);
    expect(affects('Go', ['GO-2022-0969'], '1.19.0-rc.1', 'stdlib')).toBe(true);
    expect(affects('Go', ['GO-2022-0969'], '1.19.1', 'stdlib')).toBe(false);
    expect(affects('Go', ['GO-2022-0969'], 'v0.0.0-20220722155237-a158d28d115b', X_NET)).toBe(true);
    expect(affects('Go', ['GO-2022-0969'], 'v0.0.0-20220906165146-f3363e06e74c', X_NET)).toBe(
      false,
    );
    expect(affects('Go', ['GO-2022-0969'], 'v0.0.0-20221012135044-0b7e1fb9d458', X_NET)).toBe(
      false,
    );
    expect(affects('Go', ['GO-2022-0969'], 'v0.7.0', X_NET)).toBe(false);
    expect(
      smallestFix(
        'v0.0.0-20220722155237-a158d28d115b',
        entries('Go', 'GO-2022-0969', X_NET),
        goScheme,
      ),
    ).toBe('0.0.0-20220906165146-f3363e06e74c');
  });

  it('PyPI PYSEC-2021-98 (django): three branches, versions list equality', () => {
    const ids = ['PYSEC-2021-98'];
    expect(affects('PyPI', ids, '2.2.23')).toBe(true);
    expect(affects('PyPI', ids, '2.2.24')).toBe(false);
    expect(affects('PyPI', ids, '3.0')).toBe(true);
    expect(affects('PyPI', ids, '3.0.0')).toBe(true);
    expect(affects('PyPI', ids, '3.1.12')).toBe(false);
    expect(affects('PyPI', ids, '3.2.3')).toBe(true);
    expect(affects('PyPI', ids, '3.2.4')).toBe(false);
    expect(affects('PyPI', ids, '4.0')).toBe(false);
    expect(smallestFix('3.1.5', entries('PyPI', 'PYSEC-2021-98'), pep440Scheme)).toBe('3.1.12');
    expect(smallestFix('2.2', entries('PyPI', 'PYSEC-2021-98'), pep440Scheme)).toBe('2.2.24');
  });

  it('PyPI PYSEC-2022-169 (waitress): a GIT range beside the ECOSYSTEM one', () => {
    expect(affects('PyPI', ['PYSEC-2022-169'], '2.1.0')).toBe(true);
    expect(affects('PyPI', ['PYSEC-2022-169'], '2.1.1')).toBe(false);
  });

  it('crates.io RUSTSEC-2021-0003 (smallvec) and RUSTSEC-2021-0004 (pre-release bounds)', () => {
    const smallvec = ['RUSTSEC-2021-0003'];
    expect(
      ['0.6.2', '0.6.3', '0.6.13', '0.6.14', '0.7.0', '1.0.0', '1.6.0', '1.6.1'].filter((v) =>
        affects('crates.io', smallvec, v),
      ),
    ).toEqual(['0.6.3', '0.6.13', '1.0.0', '1.6.0']);
    expect(smallestFix('1.5.0', entries('crates.io', 'RUSTSEC-2021-0003'), semverScheme)).toBe(
      '1.6.1',
    );
    // introduced 0.0.0-0, fixed 0.4.1-0: 0.4.1's own pre-releases above -0 are fixed too.
    expect(affects('crates.io', ['RUSTSEC-2021-0004'], '0.4.0')).toBe(true);
    expect(affects('crates.io', ['RUSTSEC-2021-0004'], '0.4.1-alpha')).toBe(false);
  });

  it('RubyGems actionpack CVE-2022-23633 and a last_affected record', () => {
    const ids = ['RUBYSEC-actionpack-CVE-2022-23633'];
    expect(affects('RubyGems', ids, '6.1.4.1')).toBe(true);
    expect(affects('RubyGems', ids, '6.1.4.6')).toBe(false);
    expect(affects('RubyGems', ids, '7.0.0')).toBe(true);
    expect(affects('RubyGems', ids, '7.0.2.2')).toBe(false);
    expect(affects('RubyGems', ids, '6.0.0.rc1')).toBe(true);
    expect(affects('RubyGems', ids, '4.2.11')).toBe(false);
    const lastAffected = ['RUBYSEC-activerecord-CVE-2011-0448'];
    expect(affects('RubyGems', lastAffected, '3.0.4')).toBe(true);
    expect(affects('RubyGems', lastAffected, '3.0.5')).toBe(false);
    expect(
      smallestFix('3.0.4', entries('RubyGems', lastAffected[0] as string), schemeFor('RubyGems')),
    ).toBeUndefined();
  });

  it('Packagist symfony/http-kernel CVE-2015-2308: tags with a v', () => {
    const ids = ['FRIENDSOFPHP-symfony-http-kernel-CVE-2015-2308'];
    expect(affects('Packagist', ids, 'v2.3.26')).toBe(true);
    expect(affects('Packagist', ids, 'v2.3.27')).toBe(false);
    expect(affects('Packagist', ids, 'v2.4.5')).toBe(true);
    expect(affects('Packagist', ids, 'v2.6.6')).toBe(false);
    expect(affects('Packagist', ids, 'v2.7.0')).toBe(false);
  });

  it('npm NSWG-ECO-516 (lodash) and NuGet GHSA-5crp-9r3c-p9vr (Newtonsoft.Json)', () => {
    expect(affects('npm', ['NSWG-ECO-516'], '4.17.15')).toBe(true);
    expect(affects('npm', ['NSWG-ECO-516'], '4.17.19')).toBe(false);
    expect(affects('npm', ['NSWG-ECO-516'], '4.17.14')).toBe(false);
    expect(affects('NuGet', ['GHSA-5crp-9r3c-p9vr'], '12.0.3')).toBe(true);
    expect(affects('NuGet', ['GHSA-5crp-9r3c-p9vr'], '13.0.1')).toBe(false);
    expect(affects('NuGet', ['GHSA-5crp-9r3c-p9vr'], '13.0.1.0')).toBe(false);
  });

  it('matches 2,000 packages against every advisory naming them (timed in bench/sca)', () => {
    // As a scan does: each dependency against each record naming its package, and the smallest
    // fix of each hit. The 2,000 packages with the most records, across ecosystems, one
    // version each (a range bound, so many match).
    const packages: { ecosystem: Ecosystem; records: OsvAffected[][]; version: string }[] = [];
    for (const ecosystem of ECOSYSTEMS) {
      const byPackage = new Map<string, OsvAffected[][]>();
      for (const r of corpus.get(ecosystem)?.values() ?? []) {
        const byName = new Map<string, OsvAffected[]>();
        for (const a of r.affected ?? []) {
          const name = a.package?.name ?? '';
          byName.set(name, [...(byName.get(name) ?? []), a]);
        }
        for (const [name, list] of byName)
          byPackage.set(name, [...(byPackage.get(name) ?? []), list]);
      }
      for (const [, records] of byPackage) {
        const bound = records
          .flat()
          .flatMap((a) => a.ranges ?? [])
          .filter((r) => r.type !== 'GIT')
          .flatMap((r) => r.events.flatMap((e) => e.fixed ?? e.introduced ?? []))
          .find((v) => v !== '0');
        if (bound !== undefined) packages.push({ ecosystem, records, version: bound });
      }
    }
    packages.sort((a, b) => b.records.length - a.records.length);
    const dependencies = packages.slice(0, 2000);
    expect(dependencies.length).toBe(2000);

    const run = (deps: typeof dependencies) => {
      let checks = 0;
      let hits = 0;
      for (const d of deps) {
        const scheme = schemeFor(d.ecosystem);
        for (const entries of d.records) {
          checks++;
          if (entries.some((a) => isAffected(d.version, a, scheme))) {
            hits++;
            smallestFix(d.version, entries, scheme);
          }
        }
      }
      return { checks, hits };
    };
    // Prepared ranges are cached per record object: a fresh copy must give the same answers.
    const first = run(dependencies);
    expect(first.checks).toBeGreaterThan(10_000);
    expect(first.hits).toBeGreaterThan(1_000);
    expect(run(structuredClone(dependencies))).toEqual(first);
    expect(run(dependencies)).toEqual(first);
  });
});
