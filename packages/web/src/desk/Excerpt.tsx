/**
 * A knowledge-base result's excerpt: the start of its accepted answer, as plain text (the
 * hub extracts it from the markdown; see desk/markdown.ts on the server).
 */
export function AnswerExcerpt({ excerpt }: { readonly excerpt: string }) {
  if (excerpt === '') return null;
  return (
    <p className="desk-excerpt">
      <span className="muted">Answer: </span>
      {excerpt}
    </p>
  );
}
