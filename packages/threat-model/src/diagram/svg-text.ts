/**
 * Text handling for the diagram. Every string that reaches the SVG comes from a user-written
 * model (and the hub serves the SVG to browsers), so it passes through {@link cleanText} and
 * {@link escapeXml} on the way in.
 */

// Characters XML 1.0 does not allow at all (a parser rejects the document), plus U+FFFE/U+FFFF.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// Surrogates that are not part of a pair are not characters either.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Bidirectional overrides and isolates can make a label read differently from what it is.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Makes user text safe to place in XML and sensible to show: characters XML forbids become
 * U+FFFD, bidirectional controls are dropped, and (unless `keepLines`) every run of
 * whitespace becomes one space.
 */
export function cleanText(text: string, keepLines = false): string {
  const valid = text.replace(NOT_XML, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
  const plain = valid.replace(BIDI_CONTROL, '');
  if (keepLines) return plain.replace(/[^\S\n]+/g, ' ').trim();
  return plain.replace(/\s+/g, ' ').trim();
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes `&`, `<`, `>`, `"` and `'` so text is safe both as content and as an attribute value. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Cleans then escapes: what every piece of user text goes through. */
export function xmlText(text: string, keepLines = false): string {
  return escapeXml(cleanText(text, keepLines));
}

/** At most `max` characters (code points, so a pair is never split), `…` when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}

/**
 * Breaks text into at most `maxLines` lines of at most `width` characters, at spaces where
 * it can; a word longer than a line is cut, and the last line ends in `…` when text is left.
 */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  const words = text.split(' ').filter((word) => word !== '');
  for (let i = 0; i < words.length; i++) {
    let word = words[i] ?? '';
    while (Array.from(word).length > width) {
      // A long word fills the rest of the line, then carries on on the next one.
      const room = current === '' ? width : width - Array.from(current).length - 1;
      if (room <= 0) {
        lines.push(current);
        current = '';
        continue;
      }
      const chars = Array.from(word);
      const head = chars.slice(0, room).join('');
      word = chars.slice(room).join('');
      lines.push(current === '' ? head : `${current} ${head}`);
      current = '';
    }
    const next = current === '' ? word : `${current} ${word}`;
    if (Array.from(next).length <= width) {
      current = next;
    } else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? '';
  kept[maxLines - 1] = truncate(`${last} ${lines[maxLines] ?? ''}`, width);
  return kept;
}

/** Width of a label in pixels, estimated: layout runs without a font engine. */
export function estimateWidth(text: string, fontSize: number): number {
  // 0.6 em per character over-estimates most sans-serif text a little, which keeps text in its box.
  return Array.from(text).length * fontSize * 0.6;
}
