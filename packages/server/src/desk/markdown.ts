import MarkdownIt from 'markdown-it';

// Questions and answers are markdown. They are stored as written and rendered here for the
// dashboard: raw HTML is escaped (`html: false`), markdown-it refuses `javascript:`,
// `vbscript:`, `file:` and non-image `data:` links, images are not rendered, and every link
// gets `rel="nofollow noopener noreferrer"` (the text is written by users).

const md = new MarkdownIt({ html: false, linkify: true });
// Images would load from anywhere the author chose (a tracking pixel learns who read the
// question); the dashboard's CSP blocks them anyway. They stay text: `![alt](url)`.
md.disable('image');
const defaultLinkOpen = md.renderer.rules.link_open;
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]?.attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen
    ? defaultLinkOpen(tokens, idx, options, env, self)
    : self.renderToken(tokens, idx, options);
};

/** The HTML of a question's or an answer's markdown, safe to insert into a page. */
export function renderMarkdown(markdown: string): string {
  return md.render(markdown);
}

/**
 * The plain text of markdown, whitespace collapsed, cut at `max` characters (on a word
 * boundary, with `…`): what a list shows of a post. Text and inline code are kept; markup,
 * link targets and images are not.
 */
export function markdownExcerpt(markdown: string, max = 240): string {
  const words: string[] = [];
  const walk = (tokens: ReturnType<typeof md.parse>) => {
    for (const token of tokens) {
      if (token.children) walk(token.children);
      else if (token.type === 'text' || token.type === 'code_inline') words.push(token.content);
      else if (token.type === 'code_block' || token.type === 'fence') words.push(token.content);
      else if (token.type === 'softbreak' || token.type === 'hardbreak') words.push(' ');
      if (token.type.endsWith('_close') && token.block) words.push(' ');
    }
  };
  walk(md.parse(markdown, {}));
  const text = words.join('').replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
