import { RuleError } from '@rampart/core';
import type { Detector } from '../detector.js';
import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholders.js';

/** One credential found in a text. */
export interface SecretMatch {
  readonly detector: Detector;
  /** The credential itself. Never log or print it: redact first. */
  readonly secret: string;
  /** Offset of the secret in the text (UTF-16 code units). */
  readonly index: number;
}

interface CompiledDetector {
  readonly detector: Detector;
  readonly pattern: RegExp;
  readonly requires: RegExp | undefined;
}

/** Detectors compiled once for a scan: the shared keyword pre-filter and each pattern. */
export interface SecretMatcher {
  readonly detectors: readonly Detector[];
  /** Every credential in `text`, in text order. */
  scan(text: string): SecretMatch[];
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function withFlags(pattern: RegExp, extra: string): RegExp {
  const flags = new Set([...pattern.flags.replace(/[gyd]/g, ''), ...extra]);
  return new RegExp(pattern.source, [...flags].join(''));
}

/** Checks a detector's declaration; a broken detector is a bug, reported by id. */
function checkDetector(d: Detector): void {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(d.id)) throw new RuleError(d.id, 'id must be kebab-case');
  if (d.keywords.length === 0) throw new RuleError(d.id, 'needs at least one keyword');
  for (const k of d.keywords) {
    if (k.length < 3) throw new RuleError(d.id, `keyword "${k}" is shorter than 3 characters`);
  }
  if (!/\(\?<secret>/.test(d.pattern.source))
    throw new RuleError(d.id, 'pattern needs a named group "secret"');
  if (d.remediation.trim() === '') throw new RuleError(d.id, 'needs remediation text');
}

function lineBounds(text: string, index: number, lines: number): [number, number] {
  let start = index;
  for (let n = 0; n <= lines && start > 0; ) {
    start--;
    if (text.charCodeAt(start) === 10) n++;
  }
  let end = index;
  for (let n = 0; n <= lines && end < text.length; end++) {
    if (text.charCodeAt(end) === 10) n++;
  }
  return [start, end];
}

const CONFIDENCE_RANK = { high: 2, medium: 1, low: 0 } as const;

function rank(m: SecretMatch): number {
  return CONFIDENCE_RANK[m.detector.confidence ?? 'high'];
}

/**
 * Sorts matches by position and, where two overlap, keeps only the more confident one: an
 * AWS secret key is reported by its own detector, not again by the generic assignment one.
 * Equally confident overlapping matches are both kept.
 */
function preferSpecific(matches: SecretMatch[]): SecretMatch[] {
  matches.sort((a, b) => a.index - b.index || rank(b) - rank(a));
  const kept: SecretMatch[] = [];
  for (const m of matches) {
    const end = m.index + m.secret.length;
    let dominated = false;
    for (let i = kept.length - 1; i >= 0; i--) {
      const k = kept[i] as SecretMatch;
      if (k.index + k.secret.length <= m.index) continue;
      if (k.index >= end) continue;
      if (rank(k) > rank(m)) dominated = true;
      else if (rank(m) > rank(k)) kept.splice(i, 1);
    }
    if (!dominated) kept.push(m);
  }
  return kept;
}

/**
 * Compiles detectors into one matcher. A single case-insensitive alternation of every
 * keyword finds which detectors can match at all; only those run their patterns.
 */
export function createSecretMatcher(detectors: readonly Detector[]): SecretMatcher {
  const seen = new Set<string>();
  for (const d of detectors) {
    checkDetector(d);
    if (seen.has(d.id)) throw new RuleError(d.id, 'two detectors have this id');
    seen.add(d.id);
  }
  const compiled: CompiledDetector[] = detectors.map((detector) => ({
    detector,
    pattern: withFlags(detector.pattern, 'gd'),
    requires: detector.requires ? withFlags(detector.requires.pattern, '') : undefined,
  }));
  const byKeyword = new Map<string, number[]>();
  compiled.forEach((c, i) => {
    for (const k of c.detector.keywords) {
      const key = k.toLowerCase();
      const list = byKeyword.get(key) ?? [];
      if (!list.includes(i)) list.push(i);
      byKeyword.set(key, list);
    }
  });
  const keywords = [...byKeyword.keys()].sort((a, b) => b.length - a.length);
  const prefilter = new RegExp(keywords.map(escapeRegExp).join('|'), 'gi');
  // An alternation reports one keyword per position, the longest: `password=` hides
  // `password`. So a hit also stands for every keyword inside it, and the search resumes one
  // character later to see keywords that start inside it.
  const implied = new Map<string, number[]>();
  for (const k of keywords) {
    const all = new Set<number>();
    for (const [other, detectorsOf] of byKeyword) {
      if (k.includes(other)) for (const i of detectorsOf) all.add(i);
    }
    implied.set(k, [...all]);
  }

  return {
    detectors,
    scan(text) {
      const candidates = new Set<number>();
      prefilter.lastIndex = 0;
      for (let m = prefilter.exec(text); m !== null; m = prefilter.exec(text)) {
        for (const i of implied.get(m[0].toLowerCase()) ?? []) candidates.add(i);
        prefilter.lastIndex = m.index + 1;
        if (candidates.size === compiled.length) break;
      }
      const matches: SecretMatch[] = [];
      for (const i of [...candidates].sort((a, b) => a - b)) {
        const { detector, pattern, requires } = compiled[i] as CompiledDetector;
        pattern.lastIndex = 0;
        for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
          if (m[0].length === 0) pattern.lastIndex++;
          const secret = m.groups?.secret;
          const span = m.indices?.groups?.secret;
          if (!secret || !span) continue;
          if (detector.minEntropy !== undefined && shannonEntropy(secret) < detector.minEntropy)
            continue;
          if (isPlaceholder(secret, { allowWords: detector.allowPlaceholderWords === true }))
            continue;
          if (detector.validate && !detector.validate(secret, m)) continue;
          if (requires && detector.requires) {
            const [from, to] = lineBounds(text, span[0], detector.requires.lines);
            if (!requires.test(text.slice(from, to))) continue;
          }
          matches.push({ detector, secret, index: span[0] });
        }
      }
      return preferSpecific(matches);
    },
  };
}
