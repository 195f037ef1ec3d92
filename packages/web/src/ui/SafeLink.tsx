/**
 * A link to a URL that came from scanned content (advisory references, DAST targets): only
 * http(s) URLs become links, opened without referrer or opener; anything else (a
 * `javascript:` or `data:` URL, say) is shown as plain text.
 */
export function SafeLink({
  href,
  children,
}: {
  readonly href: string;
  readonly children?: string;
}) {
  const safe = safeHttpUrl(href);
  if (safe === undefined) return <span className="unsafe-url">{children ?? href}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer nofollow">
      {children ?? href}
    </a>
  );
}

/** The URL when it is an absolute http or https URL, else undefined. */
export function safeHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
