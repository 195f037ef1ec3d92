/** The id of an OWASP Top 10 (2021) category. */
export type OwaspCategoryId =
  | 'A01:2021'
  | 'A02:2021'
  | 'A03:2021'
  | 'A04:2021'
  | 'A05:2021'
  | 'A06:2021'
  | 'A07:2021'
  | 'A08:2021'
  | 'A09:2021'
  | 'A10:2021';

/** One category of the OWASP Top 10 (2021). */
export interface OwaspCategory {
  /** For example `A03:2021`. */
  readonly id: OwaspCategoryId;
  /** For example `Injection`. */
  readonly name: string;
  /** The category's page on owasp.org. */
  readonly url: string;
}

function category(id: OwaspCategoryId, name: string, slug: string): OwaspCategory {
  return Object.freeze({ id, name, url: `https://owasp.org/Top10/${slug}/` });
}

/** The ten OWASP Top 10 (2021) categories, A01 first. */
export const OWASP_TOP10_2021: readonly OwaspCategory[] = Object.freeze([
  category('A01:2021', 'Broken Access Control', 'A01_2021-Broken_Access_Control'),
  category('A02:2021', 'Cryptographic Failures', 'A02_2021-Cryptographic_Failures'),
  category('A03:2021', 'Injection', 'A03_2021-Injection'),
  category('A04:2021', 'Insecure Design', 'A04_2021-Insecure_Design'),
  category('A05:2021', 'Security Misconfiguration', 'A05_2021-Security_Misconfiguration'),
  category(
    'A06:2021',
    'Vulnerable and Outdated Components',
    'A06_2021-Vulnerable_and_Outdated_Components',
  ),
  category(
    'A07:2021',
    'Identification and Authentication Failures',
    'A07_2021-Identification_and_Authentication_Failures',
  ),
  category(
    'A08:2021',
    'Software and Data Integrity Failures',
    'A08_2021-Software_and_Data_Integrity_Failures',
  ),
  category(
    'A09:2021',
    'Security Logging and Monitoring Failures',
    'A09_2021-Security_Logging_and_Monitoring_Failures',
  ),
  category(
    'A10:2021',
    'Server-Side Request Forgery (SSRF)',
    'A10_2021-Server-Side_Request_Forgery_%28SSRF%29',
  ),
]);

/**
 * The official "List of Mapped CWEs" of each OWASP Top 10 (2021) category, as CWE numbers in
 * the order the category page lists them. Each CWE is in exactly one category; CWE-259 is in
 * A07 (an early draft also listed it under A02, the published A02 list of 29 does not).
 * @example OWASP_2021_CWES['A10:2021'] // [918]
 */
export const OWASP_2021_CWES: Readonly<Record<OwaspCategoryId, readonly number[]>> = Object.freeze({
  'A01:2021': Object.freeze([
    22, 23, 35, 59, 200, 201, 219, 264, 275, 276, 284, 285, 352, 359, 377, 402, 425, 441, 497, 538,
    540, 548, 552, 566, 601, 639, 651, 668, 706, 862, 863, 913, 922, 1275,
  ]),
  'A02:2021': Object.freeze([
    261, 296, 310, 319, 321, 322, 323, 324, 325, 326, 327, 328, 329, 330, 331, 335, 336, 337, 338,
    340, 347, 523, 720, 757, 759, 760, 780, 818, 916,
  ]),
  'A03:2021': Object.freeze([
    20, 74, 75, 77, 78, 79, 80, 83, 87, 88, 89, 90, 91, 93, 94, 95, 96, 97, 98, 99, 100, 113, 116,
    138, 184, 470, 471, 564, 610, 643, 644, 652, 917,
  ]),
  'A04:2021': Object.freeze([
    73, 183, 209, 213, 235, 256, 257, 266, 269, 280, 311, 312, 313, 316, 419, 430, 434, 444, 451,
    472, 501, 522, 525, 539, 579, 598, 602, 642, 646, 650, 653, 656, 657, 799, 807, 840, 841, 927,
    1021, 1173,
  ]),
  'A05:2021': Object.freeze([
    2, 11, 13, 15, 16, 260, 315, 520, 526, 537, 541, 547, 611, 614, 756, 776, 942, 1004, 1032, 1174,
  ]),
  'A06:2021': Object.freeze([937, 1035, 1104]),
  'A07:2021': Object.freeze([
    255, 259, 287, 288, 290, 294, 295, 297, 300, 302, 304, 306, 307, 346, 384, 521, 613, 620, 640,
    798, 940, 1216,
  ]),
  'A08:2021': Object.freeze([345, 353, 426, 494, 502, 565, 784, 829, 830, 915]),
  'A09:2021': Object.freeze([117, 223, 532, 778]),
  'A10:2021': Object.freeze([918]),
});
