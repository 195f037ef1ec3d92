/**
 * Escaping shared by the reporters. Finding text (messages, paths, snippets, titles) comes
 * from the scanned repository, so every output format treats it as hostile.
 */

// C0 controls except tab and line feed, DEL, and C1 controls: a terminal obeys some of them
// (ESC starts colour and cursor sequences), and XML 1.0 forbids most.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// Bidirectional overrides and isolates ("Trojan Source", CVE-2021-42574): shown, never obeyed.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes control and bidirectional-override characters visible: `\r\n` becomes `\n`, an ESC
 * becomes the four characters `\x1b`, U+202E becomes `<U+202E>`. Tabs and line feeds stay.
 * @example visibleControls('a\x1b[31mb') // 'a\\x1b[31mb'
 */
export function visibleControls(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(BIDI, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

// Code points XML 1.0 does not allow (after visibleControls only these remain): lone
// surrogates, U+FFFE and U+FFFF.
const XML_INVALID = /[^\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Replaces code points that cannot appear in XML 1.0 or UTF-8 (lone surrogates, U+FFFE/FFFF). */
function validCodePoints(text: string): string {
  return text.replace(XML_INVALID, '\ufffd');
}

/**
 * Escapes text for XML 1.0 element content or a double- or single-quoted attribute value.
 * Control characters become visible (see {@link visibleControls}), code points XML forbids
 * become U+FFFD, and tab, line feed and carriage return are written as character references
 * so that attribute-value normalisation cannot turn them into spaces.
 */
export function escapeXml(text: string): string {
  return validCodePoints(visibleControls(text)).replace(
    /[&<>"'\t\n\r]/g,
    (c) => XML_ENTITY[c] ?? c,
  );
}

const XML_ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Escapes text for XML 1.0 element content, as {@link escapeXml} but with line feeds and tabs
 * kept as they are (element content keeps them), so the file stays readable.
 */
export function escapeXmlText(text: string): string {
  return validCodePoints(visibleControls(text)).replace(/[&<>\r]/g, (c) => XML_ENTITY[c] ?? c);
}

/** What {@link escapeXml} and {@link escapeXmlText} give back once an XML parser has read it. */
export function xmlReadBack(text: string): string {
  return validCodePoints(visibleControls(text));
}

const HTML_ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content or a quoted attribute value, with control and
 * bidirectional characters made visible and invalid code points replaced.
 */
export function escapeHtml(text: string): string {
  return validCodePoints(visibleControls(text)).replace(/[&<>"']/g, (c) => HTML_ENTITY[c] ?? c);
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` are written as
 * `\u003c`, `\u003e`, `\u0026` (so no `</script>` or `<!--` can end or change the element), and
 * U+2028/U+2029 as escapes. `JSON.parse` of the element's text gives `value` back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The URL when it is an absolute http(s) URL, normalised by the URL parser (spaces, quotes
 * and angle brackets percent-encoded); undefined otherwise (`javascript:`, `data:`, relative).
 */
export function safeHttpUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
