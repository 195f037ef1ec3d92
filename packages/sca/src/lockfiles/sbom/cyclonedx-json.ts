import { ParseError } from '@rampart/core';
import {
  type ParseError as ParseErrorInfo,
  parse as parseJson,
  printParseErrorCode,
} from 'jsonc-parser';
import { PackageURL } from 'packageurl-js';
import type { Ecosystem, LockfileParser, PackageNode } from '../../types.js';
import { packageKey } from '../../types.js';
import { ecosystemOfPurlType } from '../purl.js';

type Json = Record<string, unknown>;

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The package name an ecosystem uses, from a purl's namespace and name. */
function nameFromPurl(ecosystem: Ecosystem, purl: PackageURL): string {
  const ns = purl.namespace;
  if (!ns) return purl.name;
  if (ecosystem === 'Maven') return `${ns}:${purl.name}`;
  return `${ns}/${purl.name}`;
}

/**
 * A CycloneDX JSON SBOM as input (`rampart scan --sbom FILE`, or `bom.json` / `*.cdx.json`
 * in the tree): every component with a purl of a supported type becomes a package; the
 * root component's dependencies are the direct ones; the `dependencies` graph gives paths.
 */
export const cyclonedxJsonParser: LockfileParser = {
  id: 'cyclonedx-json',
  ecosystem: 'npm',
  description: 'CycloneDX JSON SBOM',
  matches: (path) => /(^|\/)(bom|sbom)\.json$|\.(cdx|bom|sbom)\.json$/.test(path),
  parse(text, ctx) {
    const errors: ParseErrorInfo[] = [];
    const doc: unknown = parseJson(text, errors, { disallowComments: true });
    const first = errors[0];
    if (first !== undefined) {
      throw new ParseError(
        { file: ctx.path, line: lineOfOffset(text, first.offset) },
        `not valid JSON: ${printParseErrorCode(first.error)}`,
      );
    }
    if (typeof doc !== 'object' || doc === null || (doc as Json).bomFormat !== 'CycloneDX') {
      throw new ParseError(
        { file: ctx.path, line: 1 },
        'not a CycloneDX SBOM (bomFormat is not "CycloneDX")',
      );
    }
    const bom = doc as Json;
    const components = Array.isArray(bom.components) ? (bom.components as Json[]) : [];
    const keyOfRef = new Map<string, string>();
    const nodes = new Map<
      string,
      { name: string; version: string; ecosystem: Ecosystem; license?: string; dev: boolean }
    >();
    let unsupported = 0;
    const visit = (list: Json[]) => {
      for (const c of list) {
        if (Array.isArray(c.components)) visit(c.components as Json[]);
        if (typeof c.purl !== 'string') {
          unsupported++;
          continue;
        }
        let purl: PackageURL;
        try {
          purl = PackageURL.fromString(c.purl);
        } catch {
          unsupported++;
          continue;
        }
        const ecosystem = ecosystemOfPurlType(purl.type);
        if (ecosystem === undefined) {
          unsupported++;
          continue;
        }
        const name = nameFromPurl(ecosystem, purl);
        const version = purl.version ?? (typeof c.version === 'string' ? c.version : '');
        const key = packageKey(name, version);
        if (typeof c['bom-ref'] === 'string') keyOfRef.set(c['bom-ref'], key);
        const licenses = Array.isArray(c.licenses) ? (c.licenses as Json[]) : [];
        const license = licenses
          .map((l) =>
            typeof l.expression === 'string'
              ? l.expression
              : typeof (l.license as Json | undefined)?.id === 'string'
                ? ((l.license as Json).id as string)
                : typeof (l.license as Json | undefined)?.name === 'string'
                  ? ((l.license as Json).name as string)
                  : '',
          )
          .filter(Boolean)
          .join(' OR ');
        nodes.set(key, {
          name,
          version,
          ecosystem,
          ...(license ? { license } : {}),
          dev: c.scope === 'optional' || c.scope === 'excluded',
        });
      }
    };
    visit(components);
    const rootRef = ((bom.metadata as Json | undefined)?.component as Json | undefined)?.[
      'bom-ref'
    ];
    const edges = new Map<string, string[]>();
    for (const d of Array.isArray(bom.dependencies) ? (bom.dependencies as Json[]) : []) {
      if (typeof d.ref !== 'string' || !Array.isArray(d.dependsOn)) continue;
      edges.set(
        d.ref,
        d.dependsOn.filter((r): r is string => typeof r === 'string'),
      );
    }
    const directRefs = new Set(typeof rootRef === 'string' ? (edges.get(rootRef) ?? []) : []);
    const direct = new Set([...directRefs].flatMap((r) => keyOfRef.get(r) ?? []));
    const dependsOn = new Map<string, string[]>();
    for (const [ref, targets] of edges) {
      const from = keyOfRef.get(ref);
      if (from)
        dependsOn.set(
          from,
          targets.flatMap((t) => keyOfRef.get(t) ?? []),
        );
    }
    const packages: PackageNode[] = [...nodes].map(([key, n]) => ({
      ecosystem: n.ecosystem,
      name: n.name,
      version: n.version,
      // Without a root dependency list every component counts as direct.
      direct: direct.size === 0 || direct.has(key),
      dev: n.dev,
      dependsOn: dependsOn.get(key) ?? [],
      ...(n.license === undefined ? {} : { license: n.license }),
    }));
    const notes =
      unsupported > 0
        ? [`${unsupported} component(s) without a purl of a supported ecosystem were not checked`]
        : [];
    const rootName = ((bom.metadata as Json | undefined)?.component as Json | undefined)?.name;
    return {
      ecosystem: packages[0]?.ecosystem ?? 'npm',
      packages,
      notes,
      ...(typeof rootName === 'string' ? { rootName } : {}),
    };
  },
};
