import { RuleError } from '@rampart/core';
import type { Detector } from '../detector.js';
import { shannonEntropy } from './entropy.js';
import { createKeywordIndex } from './keyword-index.js';
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
    if (!/^[\x20-\x7e]+$/.test(k))
      throw new RuleError(d.id, `keyword "${k}" is not printable ASCII`);
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

/** Text kept before a keyword hit: a match starts at most this far before its keyword. */
const BEFORE = 4 * 1024;
/** Text kept after a keyword hit: longer than the longest secret (a PEM key). */
const AFTER = 24 * 1024;
/** Margin at a cut edge inside which a window does not report (see scan). */
const EDGE = 1024;

/**
 * The stretches of text around keyword hits where a detector's pattern runs, merged where
 * they touch (so they are disjoint), or the whole text when they would cover most of it
 * anyway. A match lies within BEFORE of its keyword and is shorter than AFTER − EDGE, so it
 * lies with margin inside the window of its keyword.
 */
function windows(positions: readonly number[], length: number): [number, number][] {
  const out: [number, number][] = [];
  for (const p of positions) {
    const from = Math.max(0, p - BEFORE);
    const to = Math.min(length, p + AFTER);
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  const covered = out.reduce((sum, [a, b]) => sum + b - a, 0);
  return covered > length / 2 ? [[0, length]] : out;
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
 * Compiles detectors into one matcher. One pass of a keyword index (every keyword,
 * case-insensitively) finds which detectors can match at all and where; only those run
 * their patterns, in windows around their keywords.
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
  const keywords = [...byKeyword.keys()];
  const detectorsOf = keywords.map((k) => byKeyword.get(k) as number[]);
  const index = createKeywordIndex(keywords);

  return {
    detectors,
    scan(text) {
      // Where each candidate detector's keywords occur: its pattern runs only around them.
      const hits = new Map<number, number[]>();
      index.scan(text, (keyword, position) => {
        for (const i of detectorsOf[keyword] as number[]) {
          const list = hits.get(i);
          if (list === undefined) hits.set(i, [position]);
          // Several keywords of one detector may start at one position: keep it once.
          else if (list[list.length - 1] !== position) list.push(position);
        }
      });
      const matches: SecretMatch[] = [];
      for (const i of [...hits.keys()].sort((a, b) => a - b)) {
        const { detector, pattern, requires } = compiled[i] as CompiledDetector;
        for (const [from, to] of windows(hits.get(i) as number[], text.length)) {
          const slice = from === 0 && to === text.length ? text : text.slice(from, to);
          // A match near a cut edge may be an artefact of the cut (\b, lookbehind): only the
          // window that holds it with margin on both sides reports it.
          const lo = from === 0 ? 0 : EDGE;
          const hi = to === text.length ? slice.length : slice.length - EDGE;
          pattern.lastIndex = 0;
          for (let m = pattern.exec(slice); m !== null; m = pattern.exec(slice)) {
            if (m[0].length === 0) pattern.lastIndex++;
            if (m.index < lo || m.index + m[0].length > hi) continue;
            const secret = m.groups?.secret;
            const span = m.indices?.groups?.secret;
            if (!secret || !span) continue;
            if (detector.minEntropy !== undefined && shannonEntropy(secret) < detector.minEntropy)
              continue;
            if (isPlaceholder(secret, { allowWords: detector.allowPlaceholderWords === true }))
              continue;
            if (detector.validate && !detector.validate(secret, m)) continue;
            const index = from + span[0];
            if (requires && detector.requires) {
              const [a, b] = lineBounds(text, index, detector.requires.lines);
              if (!requires.test(text.slice(a, b))) continue;
            }
            matches.push({ detector, secret, index });
          }
        }
      }
      return preferSpecific(matches);
    },
  };
}
