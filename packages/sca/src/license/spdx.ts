import parseSpdx from 'spdx-expression-parse';

/** A parsed licence: an SPDX expression tree, or a name that is not one. */
export type LicenseTree =
  | { readonly kind: 'license'; readonly id: string; readonly exception?: string }
  | { readonly kind: 'and' | 'or'; readonly left: LicenseTree; readonly right: LicenseTree };

/** The outcome of reading a declared licence. */
export interface ParsedLicense {
  /** The declared text, trimmed. */
  readonly declared: string;
  /** The SPDX tree, when the declaration is a valid SPDX expression. */
  readonly tree?: LicenseTree;
  /** Every licence id (or, when not SPDX, the declared name) it mentions. */
  readonly ids: readonly string[];
}

type SpdxNode =
  | { license: string; plus?: boolean; exception?: string }
  | { left: SpdxNode; conjunction: 'and' | 'or'; right: SpdxNode };

function convert(node: SpdxNode): LicenseTree {
  if ('license' in node) {
    const id = node.plus ? `${node.license}+` : node.license;
    return node.exception === undefined
      ? { kind: 'license', id }
      : { kind: 'license', id, exception: node.exception };
  }
  return { kind: node.conjunction, left: convert(node.left), right: convert(node.right) };
}

function collect(tree: LicenseTree, out: string[]): string[] {
  if (tree.kind === 'license') out.push(tree.id);
  else {
    collect(tree.left, out);
    collect(tree.right, out);
  }
  return out;
}

/**
 * Reads a declared licence. npm's old `(MIT OR Apache-2.0)` forms and lists joined by
 * commas or slashes are accepted as disjunctions, as package managers mean them.
 */
export function parseLicense(declared: string): ParsedLicense {
  const text = declared.trim();
  for (const candidate of [text, text.replace(/\s*[,/]\s*/g, ' OR ')]) {
    try {
      const tree = convert(parseSpdx(candidate) as SpdxNode);
      return { declared: text, tree, ids: [...new Set(collect(tree, []))] };
    } catch {
      // not SPDX; try the next reading
    }
  }
  return { declared: text, ids: text === '' ? [] : [text] };
}

/**
 * Whether a licence can be used under a rule that accepts single ids: an OR needs one
 * acceptable side, an AND needs both. A non-SPDX name is acceptable when `accept` says so.
 */
export function satisfies(license: ParsedLicense, accept: (id: string) => boolean): boolean {
  if (license.tree === undefined) return license.ids.length > 0 && license.ids.every(accept);
  const walk = (t: LicenseTree): boolean =>
    t.kind === 'license'
      ? accept(t.id)
      : t.kind === 'or'
        ? walk(t.left) || walk(t.right)
        : walk(t.left) && walk(t.right);
  return walk(license.tree);
}

/** Ids compare case-insensitively; `GPL-2.0+` also matches a list entry `GPL-2.0-or-later`. */
export function sameLicenseId(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/\+$/, '-or-later')
      .replace(/-only$/, '');
  return norm(a) === norm(b);
}
