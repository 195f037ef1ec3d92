/**
 * The hub's rendering of a desk body (`bodyHtml` of a question, answer or follow-up).
 *
 * Why `dangerouslySetInnerHTML` is safe here, and only here: the hub renders the markdown
 * itself (server `desk/markdown.ts`) with markdown-it and `html: false`, so any HTML in the
 * text is escaped, not passed through; it refuses to make links of `javascript:`,
 * `vbscript:`, `file:` and non-image `data:` URLs, and gives every link
 * `rel="nofollow noopener noreferrer"`. The dashboard's Content-Security-Policy forbids
 * inline scripts besides. No other server text is ever rendered as HTML.
 */
export function Markdown({ html }: { readonly html: string }) {
  return (
    <div
      className="desk-markdown"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: the hub's sanitised markdown, see above; rampart-ignore: js-react-dangerously-set-inner-html -- the same reason
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
