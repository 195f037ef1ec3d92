import MarkdownIt from 'markdown-it';

// Questions and answers are markdown. They are stored as written and rendered here for the
// dashboard: raw HTML is escaped (`html: false`), markdown-it refuses `javascript:`,
// `vbscript:`, `file:` and non-image `data:` links, and every link gets
// `rel="nofollow noopener noreferrer"` (the text is written by users).

const md = new MarkdownIt({ html: false, linkify: true });
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
