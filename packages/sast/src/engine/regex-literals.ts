/**
 * Literal texts one of which every match of a regular expression contains, when that can
 * be read off the regex: `^(sign|verify)$` → [sign, verify], `(?i)pass(word)?` → [pass]
 * (case-insensitive). Used to skip files that cannot match before searching them.
 */
export interface RequiredLiterals {
  readonly anyOf: readonly string[];
  readonly ignoreCase: boolean;
  /** Finds any of them in one pass. */
  readonly finder: RegExp;
  /**
   * Set when the regex is a whole-text alternation of literals (`^(req|ctx\.req)$`): the
   * words of each alternative, all of which the bound code (so the file) holds as words.
   */
  readonly wholeWords?: readonly (readonly string[])[];
}

type Node =
  | { kind: 'char'; text: string; optional: boolean; repeated: boolean }
  | { kind: 'other'; optional: boolean }
  | { kind: 'group'; alternatives: Node[][]; optional: boolean };

const MIN_LENGTH = 3;

/** Parses the subset that matters; anything unknown becomes an opaque element. */
function parse(source: string): Node[][] | undefined {
  let i = 0;
  const alternatives = (): Node[][] => {
    const alts: Node[][] = [[]];
    while (i < source.length) {
      const c = source[i] as string;
      if (c === ')') return alts;
      if (c === '|') {
        alts.push([]);
        i++;
        continue;
      }
      let node: Node;
      if (c === '(') {
        i++;
        if (source[i] === '?') {
          // (?: (?i) (?= (?! (?<= (?<! (?<name>
          const m = /^\?(?::|<(?![=!])[^>]*>|[=!]|<[=!]|[a-z]+\)|[a-z]*:)/.exec(source.slice(i));
          if (!m) throw new Error('group');
          const head = m[0];
          i += head.length;
          if (head.endsWith(')')) continue; // inline flags: handled by the caller
          const inner = alternatives();
          if (source[i] !== ')') throw new Error('unclosed group');
          i++;
          node = /^\?(?:[=!]|<[=!])/.test(head)
            ? { kind: 'other', optional: true }
            : { kind: 'group', alternatives: inner, optional: false };
        } else {
          const inner = alternatives();
          if (source[i] !== ')') throw new Error('unclosed group');
          i++;
          node = { kind: 'group', alternatives: inner, optional: false };
        }
      } else if (c === '\\') {
        const next = source[i + 1] ?? '';
        i += 2;
        node = /[A-Za-z0-9]/.test(next)
          ? { kind: 'other', optional: false }
          : { kind: 'char', text: next, optional: false, repeated: false };
      } else if (c === '[') {
        const end = source.indexOf(']', i + 2);
        if (end === -1) throw new Error('class');
        i = end + 1;
        node = { kind: 'other', optional: false };
      } else if ('.^$'.includes(c)) {
        i++;
        node = { kind: 'other', optional: c !== '.' };
      } else {
        i++;
        node = { kind: 'char', text: c, optional: false, repeated: false };
      }
      // Quantifiers
      const q = /^(?:[?*+]|\{(\d*)(?:,\d*)?\})\??/.exec(source.slice(i));
      if (q) {
        i += q[0].length;
        const min = q[0].startsWith('{') ? Number(q[1] || '0') : q[0][0] === '+' ? 1 : 0;
        if (min === 0) node.optional = true;
        if (node.kind === 'char') node.repeated = true;
      }
      (alts[alts.length - 1] as Node[]).push(node);
    }
    return alts;
  };
  try {
    const result = alternatives();
    return i >= source.length ? result : undefined;
  } catch {
    return undefined;
  }
}

/** The best set of required literals of a sequence, or undefined when it has none. */
function ofSequence(seq: Node[]): string[] | undefined {
  const candidates: string[][] = [];
  let run = '';
  const flush = () => {
    if (run.length >= MIN_LENGTH) candidates.push([run]);
    run = '';
  };
  for (const node of seq) {
    if (node.optional) {
      flush();
      continue;
    }
    if (node.kind === 'char') {
      run += node.text;
      if (node.repeated) flush();
      continue;
    }
    flush();
    if (node.kind === 'group') {
      const set = ofAlternatives(node.alternatives);
      if (set) candidates.push(set);
    }
  }
  flush();
  // The most selective: the set whose shortest literal is longest.
  candidates.sort(
    (a, b) => Math.min(...b.map((s) => s.length)) - Math.min(...a.map((s) => s.length)),
  );
  return candidates[0];
}

function ofAlternatives(alts: Node[][]): string[] | undefined {
  const out: string[] = [];
  for (const alt of alts) {
    const set = ofSequence(alt);
    if (!set) return undefined;
    out.push(...set);
  }
  return out.length > 0 ? [...new Set(out)] : undefined;
}

const cache = new Map<string, RequiredLiterals | undefined>();

/** See `RequiredLiterals`; undefined when nothing can be said. */
export function requiredLiterals(regex: string): RequiredLiterals | undefined {
  if (cache.has(regex)) return cache.get(regex);
  const result = read(regex);
  cache.set(regex, result);
  return result;
}

function read(regex: string): RequiredLiterals | undefined {
  const flags = /^\(\?([a-z]+)\)/.exec(regex);
  const ignoreCase = flags?.[1]?.includes('i') ?? false;
  const tree = parse(flags ? regex.slice(flags[0].length) : regex);
  if (!tree) return undefined;
  const anyOf = ofAlternatives(tree);
  if (!anyOf) return undefined;
  const escaped = anyOf.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const finder = new RegExp(escaped.join('|'), ignoreCase ? 'i' : '');
  const whole = /^\^\((?:\?:)?((?:[\w]|\\\.|\|)+)\)\$$/.exec(regex);
  if (whole && !ignoreCase) {
    const wholeWords = (whole[1] as string).split('|').map((alt) =>
      alt
        .replace(/\\\./g, '.')
        .split(/[^A-Za-z0-9_]+/)
        .filter(Boolean),
    );
    if (wholeWords.every((w) => w.length > 0)) return { anyOf, ignoreCase, finder, wholeWords };
  }
  return { anyOf, ignoreCase, finder };
}
