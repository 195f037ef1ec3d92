/** Escapes text for HTML text and quoted attribute values. */
export function escapeHtml(value) {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Encodes a value as a JavaScript literal that is safe inside an inline `<script>`: JSON,
 * with `<`, `>`, `&` and the line separators escaped so `</script>` cannot close the block.
 */
export function jsonForScript(value) {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** A whole HTML page around `body` (trusted HTML). */
export function page(title, body, { nonce } = {}) {
  const style = nonce ? ` nonce="${nonce}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style${style}>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}code{background:#eee}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/** The first value of a query parameter (Express gives arrays for repeated ones). */
export function firstValue(value, fallback = '') {
  if (Array.isArray(value)) return firstValue(value[0], fallback);
  return typeof value === 'string' ? value : fallback;
}
