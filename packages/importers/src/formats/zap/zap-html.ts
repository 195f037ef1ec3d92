const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? Number.parseInt(name.slice(2), 16)
          : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * ZAP writes descriptions, solutions and references as small HTML (`<p>…</p><p>…</p>`):
 * plain text with one paragraph per line, list items as `- `, tags dropped and entities
 * decoded. The result is text, never markup.
 * @example htmlToText('<p>Set the header.</p><p>See &lt;docs&gt;.</p>') // 'Set the header.\nSee <docs>.'
 */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<\s*li[^>]*>/gi, '\n- ')
      .replace(/<\s*br\s*\/?\s*>|<\s*\/\s*(p|div|li|ul|ol|h[1-6])\s*>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** The http(s) URLs a ZAP reference field lists, in order, without duplicates. */
export function urlsIn(text: string): string[] {
  return [...new Set(htmlToText(text).match(/https?:\/\/[^\s<>"]+/g) ?? [])];
}
