import { CWE_NAMES } from './cwe-data.js';
import type { OwaspCategory } from './owasp.js';
import { OWASP_2021_CWES, OWASP_TOP10_2021 } from './owasp.js';

// Each captures the CWE number. `(?!\w)` stops `CWE-79abc` from reading as CWE-79 while still
// accepting Semgrep's `CWE-79: Improper Neutralization ...`.
const CWE_PATTERNS: readonly RegExp[] = [
  /^(\d+)$/,
  /^cwe[-_ ]?(\d+)(?!\w)/i,
  /^external\/cwe\/cwe-(\d+)$/i,
  /^https?:\/\/cwe\.mitre\.org\/data\/definitions\/(\d+)\.html$/i,
];

function cweNumber(input: string | number): number | undefined {
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) && input > 0 ? input : undefined;
  }
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  for (const pattern of CWE_PATTERNS) {
    const digits = pattern.exec(text)?.[1];
    if (digits !== undefined) return cweNumber(Number(digits));
  }
  return undefined;
}

/**
 * The canonical `CWE-<n>` form of a CWE reference, or undefined when `input` is not one.
 * Accepts `79`, `'79'`, `'cwe-79'`, `'CWE-79: Improper …'` (Semgrep metadata),
 * `'external/cwe/cwe-079'` (SARIF/CodeQL tags) and `https://cwe.mitre.org/data/definitions/79.html`.
 * @example normalizeCweId('external/cwe/cwe-079') // 'CWE-79'
 */
export function normalizeCweId(input: string | number): string | undefined {
  const n = cweNumber(input);
  return n === undefined ? undefined : `CWE-${n}`;
}

/** MITRE's name for a CWE, or undefined when the id is malformed or not in {@link CWE_NAMES}. */
export function cweName(id: string | number): string | undefined {
  const n = cweNumber(id);
  return n === undefined ? undefined : CWE_NAMES[n];
}

/**
 * The MITRE definition page of a CWE; throws a RangeError when `id` is not a CWE reference.
 * @example cweUrl('CWE-79') // 'https://cwe.mitre.org/data/definitions/79.html'
 */
export function cweUrl(id: string | number): string {
  const n = cweNumber(id);
  if (n === undefined) {
    throw new RangeError(
      `not a CWE id: ${JSON.stringify(id)}; pass a number or a form like 'CWE-79' (normalizeCweId tells you first)`,
    );
  }
  return `https://cwe.mitre.org/data/definitions/${n}.html`;
}

const CATEGORY_BY_ID: ReadonlyMap<string, OwaspCategory> = new Map(
  OWASP_TOP10_2021.map((c) => [c.id, c]),
);

const CATEGORY_BY_CWE: ReadonlyMap<number, OwaspCategory> = new Map(
  OWASP_TOP10_2021.flatMap((c) => OWASP_2021_CWES[c.id].map((n) => [n, c] as const)),
);

/**
 * The OWASP Top 10 (2021) category whose official list maps this CWE, or undefined.
 * @example owaspForCwe('CWE-89')?.id // 'A03:2021'
 */
export function owaspForCwe(id: string | number): OwaspCategory | undefined {
  const n = cweNumber(id);
  return n === undefined ? undefined : CATEGORY_BY_CWE.get(n);
}

// `A03`, `A3`, `A03:2021`, and Semgrep's `A03:2021 - Injection`; another year is not ours.
const OWASP_ID_PATTERN = /^a(\d{1,2})(?:[:_](\d{4}))?(?=$|[\s_\-–:])/i;

/**
 * An OWASP Top 10 (2021) category by id: `'A03:2021'`, `'A03'`, or Semgrep's
 * `'A03:2021 - Injection'`; undefined for anything else, including other editions (`'A03:2017'`).
 */
export function owaspCategory(id: string): OwaspCategory | undefined {
  if (typeof id !== 'string') return undefined;
  const match = OWASP_ID_PATTERN.exec(id.trim());
  if (match === null) return undefined;
  const [, rank, year] = match;
  if (year !== undefined && year !== '2021') return undefined;
  const key = `A${String(Number(rank)).padStart(2, '0')}:2021`;
  return CATEGORY_BY_ID.get(key);
}
