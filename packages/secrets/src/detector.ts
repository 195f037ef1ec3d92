import type { Confidence, Severity } from '@rampart/core';

/**
 * One credential format, declared as data. The engine finds `keywords` first (a cheap,
 * case-insensitive pre-filter shared by all detectors), then runs `pattern` only where a
 * keyword occurs, and keeps a match only when its `secret` group passes every check.
 */
export interface Detector {
  /** Kebab-case, unique; the rule id is `secrets/<id>`. */
  readonly id: string;
  /** The company or product that issues the credential: `GitHub`, `AWS`, `PostgreSQL`. */
  readonly provider: string;
  /** A short name of the credential: `GitHub personal access token (classic)`. */
  readonly title: string;
  readonly severity: Severity;
  /** Default `high`; generic, context-free formats say `medium` or `low`. */
  readonly confidence?: Confidence;
  /**
   * Literals of which at least one occurs in (or right next to) every match, matched
   * case-insensitively; at least 3 characters each. Choose the rarest stable part of the
   * format (`ghp_`, `AKIA`, `xoxb-`), or a context word for formats with no prefix.
   */
  readonly keywords: readonly string[];
  /** Finds the credential; must have a named group `secret`. Flags other than `i`, `m`, `s`, `u` are added by the engine. */
  readonly pattern: RegExp;
  /** Minimum Shannon entropy, in bits per character, of the secret (random-looking formats). */
  readonly minEntropy?: number;
  /** Format checks beyond the pattern: a checksum, a decodable header. False rejects the match. */
  readonly validate?: (secret: string, match: RegExpExecArray) => boolean;
  /**
   * Another pattern that must match within `lines` lines of this one (e.g. an AWS secret
   * key near an AWS key id). Without it, there is no finding.
   */
  readonly requires?: { readonly pattern: RegExp; readonly lines: number };
  /** When true the match is not checked against the placeholder list (formats with fixed parts that look like placeholders). */
  readonly allowPlaceholderWords?: boolean;
  /** How to revoke and rotate this credential at this provider, in markdown. */
  readonly remediation: string;
  readonly references?: readonly string[];
  /** Default `['CWE-798']`. */
  readonly cwe?: readonly string[];
}

/** The rule id a detector's findings carry. */
export function detectorRuleId(detector: Pick<Detector, 'id'>): string {
  return `secrets/${detector.id}`;
}
