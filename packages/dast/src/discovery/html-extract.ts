import { Parser } from 'htmlparser2';

/** A form as the page declares it. */
export interface FormInfo {
  /** Absolute action URL (the page's URL when the form has no action). */
  readonly action: string;
  /** GET or POST (other values are read as GET, as browsers do). */
  readonly method: 'GET' | 'POST';
  readonly enctype: 'form' | 'multipart';
  /** Named controls with their default values (checkboxes and radios: the first checked or first). */
  readonly fields: readonly { readonly name: string; readonly value: string }[];
}

/** What a page links to. */
export interface PageLinks {
  /** Absolute URLs of links, frames, scripts and meta refreshes, fragments removed. */
  readonly links: readonly string[];
  /** Absolute URLs of external scripts. */
  readonly scripts: readonly string[];
  readonly forms: readonly FormInfo[];
  /** The text of inline scripts, for route extraction. */
  readonly inlineScripts: readonly string[];
}

const LINK_ATTRIBUTES: Readonly<Record<string, string>> = {
  a: 'href',
  area: 'href',
  link: 'href',
  iframe: 'src',
  frame: 'src',
};

function resolveUrl(value: string | undefined, base: string): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || /^(javascript|mailto|tel|data|blob):/i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/**
 * Reads links, scripts and forms out of an HTML document (tolerant of broken markup, as
 * browsers are). `<base href>` is honoured.
 * @example extractLinks('<a href="/a">a</a>', 'http://h/').links // ['http://h/a']
 */
export function extractLinks(html: string, pageUrl: string): PageLinks {
  let base = pageUrl;
  const links: string[] = [];
  const scripts: string[] = [];
  const forms: FormInfo[] = [];
  const inlineScripts: string[] = [];
  let form:
    | {
        action: string;
        method: 'GET' | 'POST';
        enctype: 'form' | 'multipart';
        fields: Map<string, string>;
      }
    | undefined;
  let textarea: { name: string; text: string } | undefined;
  let select: { name: string; value: string | undefined } | undefined;
  // An <option> without a value attribute submits its text: collected until it closes.
  let optionText: string[] | undefined;
  let script: string[] | undefined;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'base' && attribs.href) base = resolveUrl(attribs.href, pageUrl) ?? base;
        const attr = LINK_ATTRIBUTES[name];
        if (attr) {
          const url = resolveUrl(attribs[attr], base);
          if (url) links.push(url);
        }
        if (name === 'meta' && attribs['http-equiv']?.toLowerCase() === 'refresh') {
          const match = /url\s*=\s*['"]?([^'"]+)/i.exec(attribs.content ?? '');
          const url = resolveUrl(match?.[1], base);
          if (url) links.push(url);
        }
        if (name === 'script') {
          const src = resolveUrl(attribs.src, base);
          if (src) scripts.push(src);
          else script = [];
        }
        if (name === 'form') {
          const method = attribs.method?.toUpperCase() === 'POST' ? 'POST' : 'GET';
          form = {
            action: resolveUrl(attribs.action, base) ?? resolveUrl(pageUrl, pageUrl) ?? pageUrl,
            method,
            enctype:
              attribs.enctype?.toLowerCase() === 'multipart/form-data' ? 'multipart' : 'form',
            fields: new Map(),
          };
        }
        if (form && attribs.name) {
          if (name === 'input') {
            const type = (attribs.type ?? 'text').toLowerCase();
            if (type === 'submit' || type === 'image' || type === 'reset' || type === 'button') {
              if (
                type === 'submit' &&
                attribs.value !== undefined &&
                !form.fields.has(attribs.name)
              )
                form.fields.set(attribs.name, attribs.value);
            } else if (type === 'checkbox' || type === 'radio') {
              if (!form.fields.has(attribs.name) || attribs.checked !== undefined)
                form.fields.set(attribs.name, attribs.value ?? 'on');
            } else if (type === 'file') {
              form.fields.set(attribs.name, 'rampart.txt');
            } else {
              form.fields.set(attribs.name, attribs.value ?? defaultFor(type, attribs.name));
            }
          } else if (name === 'textarea') textarea = { name: attribs.name, text: '' };
          else if (name === 'select') select = { name: attribs.name, value: undefined };
          else if (name === 'button' && (attribs.type ?? 'submit') === 'submit' && attribs.value)
            form.fields.set(attribs.name, attribs.value);
        }
        if (name === 'option' && select) {
          if (select.value === undefined || attribs.selected !== undefined) {
            select.value = attribs.value ?? '';
            optionText = attribs.value === undefined ? [] : undefined;
          }
        }
      },
      ontext(text) {
        if (textarea) textarea.text += text;
        if (optionText) optionText.push(text);
        if (script) script.push(text);
      },
      onclosetag(name) {
        if ((name === 'option' || name === 'select') && optionText && select) {
          select.value = optionText.join('').replace(/\s+/g, ' ').trim();
          optionText = undefined;
        }
        if (name === 'script' && script) {
          inlineScripts.push(script.join(''));
          script = undefined;
        }
        if (name === 'textarea' && textarea && form) {
          form.fields.set(textarea.name, textarea.text || 'rampart');
          textarea = undefined;
        }
        if (name === 'select' && select && form) {
          form.fields.set(select.name, select.value ?? '');
          select = undefined;
        }
        if (name === 'form' && form) {
          forms.push({
            action: form.action,
            method: form.method,
            enctype: form.enctype,
            fields: [...form.fields].map(([n, v]) => ({ name: n, value: v })),
          });
          form = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  if (form) {
    forms.push({
      action: form.action,
      method: form.method,
      enctype: form.enctype,
      fields: [...form.fields].map(([n, v]) => ({ name: n, value: v })),
    });
  }
  return { links, scripts, forms, inlineScripts };
}

/** A plausible value for an empty input, so the server takes the ordinary path. */
function defaultFor(type: string, name: string): string {
  if (type === 'email' || /e-?mail/i.test(name)) return 'rampart@example.com';
  if (type === 'number' || type === 'range') return '1';
  if (type === 'url') return 'https://example.com/';
  if (type === 'date') return '2026-01-01';
  if (type === 'tel') return '5555550100';
  if (type === 'password') return 'Rampart-Test-1';
  return 'rampart';
}
