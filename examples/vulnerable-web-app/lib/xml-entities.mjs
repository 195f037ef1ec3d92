// A minimal, deliberately unsafe XML entity resolver, mimicking an XML parser configured to
// load external entities (libxml2 with NOENT/DTDLOAD, Java's default DocumentBuilder, old
// PHP). It reads the internal DTD subset of `<!DOCTYPE root [ ... ]>`, resolves each
// `<!ENTITY name SYSTEM "uri">` by reading `file://` URLs (and absolute paths) from disk and
// fetching `http(s)://` URLs, and substitutes `&name;` in the document. Parameter entities
// with a SYSTEM URL (`<!ENTITY % dtd SYSTEM "http://...">%dtd;`) are fetched too, and the
// declarations in the text they return are honoured, so out-of-band XXE works.
// Bounded on purpose: one level of substitution (no billion laughs), 64 KiB per entity,
// 3 s per fetch. It only ever reads.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const DOCTYPE = /<!DOCTYPE\s+[\w:.-]+(?:\s+(?:SYSTEM|PUBLIC)[^[>]*)?\s*\[([\s\S]*?)\]\s*>/i;
const ENTITY =
  /<!ENTITY\s+(%\s+)?([\w:.-]+)\s+(?:(SYSTEM|PUBLIC\s+(["'])[^"']*\4)\s+)?(["'])([^"']*)\5\s*>/gi;
const MAX_ENTITY_BYTES = 64 * 1024;

async function load(uri) {
  try {
    if (/^https?:\/\//i.test(uri)) {
      const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
      return (await response.text()).slice(0, MAX_ENTITY_BYTES);
    }
    const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    if (!file.startsWith('/')) return '';
    return (await readFile(file, 'utf8')).slice(0, MAX_ENTITY_BYTES);
  } catch {
    return '';
  }
}

function escapeXmlText(text) {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

async function declarations(subset, entities, depth) {
  for (const match of subset.matchAll(ENTITY)) {
    const [, percent, name, external, , , value] = match;
    if (!external) {
      if (!percent) entities.set(name, value);
      continue;
    }
    const text = await load(value);
    if (percent) {
      // A parameter entity's text is more DTD: read its declarations (one level deep).
      if (depth === 0 && subset.includes(`%${name};`)) {
        await declarations(text, entities, depth + 1);
      }
    } else {
      entities.set(name, text);
    }
  }
}

/**
 * Expands the entities a document's internal DTD declares, external ones included, and
 * returns the document without its DOCTYPE, ready for a parser that knows no DTDs.
 */
export async function expandExternalEntities(xml) {
  const doctype = DOCTYPE.exec(xml);
  if (!doctype) return xml;
  const entities = new Map();
  await declarations(doctype[1], entities, 0);
  const rest = xml.slice(0, doctype.index) + xml.slice(doctype.index + doctype[0].length);
  return rest.replace(/&([\w:.-]+);/g, (reference, name) =>
    entities.has(name) ? escapeXmlText(entities.get(name)) : reference,
  );
}
