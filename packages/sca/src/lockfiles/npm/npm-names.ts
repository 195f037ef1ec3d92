import type { PackageNode } from '../../types.js';

/** The last segment of a posix path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Splits `name@rest` at the `@` that ends the package name (a scope's leading `@` is part of
 * the name); `undefined` when there is no name or no `@`.
 * @example splitAtName('@babel/core@^7.0.0') // ['@babel/core', '^7.0.0']
 */
export function splitAtName(spec: string): [name: string, rest: string] | undefined {
  const at = spec.indexOf('@', 1);
  if (at <= 0) return undefined;
  return [spec.slice(0, at), spec.slice(at + 1)];
}

/**
 * The real package behind an `npm:` alias spec, `undefined` when `spec` is no alias.
 * @example npmAlias('npm:string-width@^4.2.0') // ['string-width', '^4.2.0']
 */
export function npmAlias(spec: string): [name: string, range: string] | undefined {
  if (!spec.startsWith('npm:')) return undefined;
  return splitAtName(spec.slice(4));
}

/**
 * Where a package came from, judged by its `resolved` URL or resolution: `undefined` for the
 * registry (or when unknown).
 */
export function sourceOfResolved(resolved: string | undefined): PackageNode['source'] {
  if (resolved === undefined || resolved === '') return undefined;
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|ssh:)/.test(resolved)) return 'git';
  if (/^(file:|link:|portal:)/.test(resolved)) return 'path';
  if (/^https?:/.test(resolved)) {
    // Registry tarballs live at `<registry>/<name>/-/<file>.tgz`.
    if (resolved.includes('/-/')) return undefined;
    if (
      /^https?:\/\/codeload\.github\.com\//.test(resolved) ||
      /\.git(#|$)/.test(resolved) ||
      /^https?:\/\/(www\.)?(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/#]+\/?#/.test(
        resolved,
      )
    ) {
      return 'git';
    }
    return 'url';
  }
  return undefined;
}

/**
 * A licence as package metadata spells it: a string, `{ type }`, or the legacy array of
 * them (several licences offered, so joined with `OR`).
 */
export function licenseOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (Array.isArray(value)) {
    const parts = value.map(licenseOf).filter((v): v is string => v !== undefined);
    if (parts.length === 0) return undefined;
    return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' OR ');
  }
  if (typeof value === 'object' && value !== null && 'type' in value) {
    return licenseOf((value as { type: unknown }).type);
  }
  return undefined;
}
