import { type FindingDraft, ParseError } from '@rampart/core';
import { z } from 'zod';
import type { Importer } from '../../importer.js';
import { reportPath } from '../../support/draft-fields.js';
import { isRecord, jsonPathLine, readJsonReport } from '../../support/json-report.js';
import {
  chooseSeverity,
  dependencyFinding,
  fromPurl,
  type PurlPackage,
  scoredCvss,
} from '../dependency-common.js';

// CycloneDX JSON (1.4 and later) with `vulnerabilities[]`: an SBOM with findings (Trivy,
// Grype, cdxgen, Dependency-Track) or a VEX document. Each vulnerability `affects[]`
// components by `bom-ref` (or by purl); every affected component is one finding.
//
// VEX: a vulnerability whose `analysis.state` is `not_affected`, `false_positive`,
// `resolved` or `resolved_with_pedigree` is not an open finding: someone has analysed it and
// decided, so it is skipped rather than imported (and reopened). `exploitable`, `in_triage`
// and no analysis are imported. `affects[].versions[]` marked `unaffected` give fixed versions.
//
// Manifest: CycloneDX does not say which lockfile a component came from, so the findings'
// manifest is the SBOM itself, as Rampart's own scanner reports components of a `bom.json`
// it reads: the report path as given, relative with `/`, or its file name when absolute.
//
// Severity: the highest `ratings[].severity` word (critical, high, medium, low, info; `none`
// and `unknown` ignored); else the highest-scoring CVSS v3/v4 rating vector (method CVSSv3,
// CVSSv31, CVSSv4; a vector without its `CVSS:x/` prefix gets it from the method) as
// Rampart's calculator scores it; else the highest rating score; else medium, tagged
// `severity-unknown`.

const FORMAT = 'CycloneDX JSON document';

const text = z.string();

interface Component {
  readonly 'bom-ref'?: string | null | undefined;
  readonly group?: string | null | undefined;
  readonly name: string;
  readonly version?: string | null | undefined;
  readonly purl?: string | null | undefined;
  readonly components?: readonly Component[] | null | undefined;
}

const ComponentSchema: z.ZodType<Component> = z.lazy(() =>
  z.object({
    'bom-ref': text.nullish(),
    group: text.nullish(),
    name: text,
    version: text.nullish(),
    purl: text.nullish(),
    components: z.array(ComponentSchema).nullish(),
  }),
);

const Tool = z.object({ vendor: text.nullish(), name: text.nullish(), version: text.nullish() });

const Vulnerability = z.object({
  'bom-ref': text.nullish(),
  id: text.min(1),
  source: z.object({ name: text.nullish(), url: text.nullish() }).nullish(),
  references: z
    .array(z.object({ id: text, source: z.object({ url: text.nullish() }).nullish() }))
    .nullish(),
  ratings: z
    .array(
      z.object({
        score: z.number().nullish(),
        severity: text.nullish(),
        method: text.nullish(),
        vector: text.nullish(),
      }),
    )
    .nullish(),
  cwes: z.array(z.number().int()).nullish(),
  description: text.nullish(),
  detail: text.nullish(),
  recommendation: text.nullish(),
  advisories: z.array(z.object({ url: text })).nullish(),
  published: text.nullish(),
  analysis: z.object({ state: text.nullish(), justification: text.nullish() }).nullish(),
  affects: z.array(
    z.object({
      ref: text.min(1),
      versions: z
        .array(z.object({ version: text.nullish(), range: text.nullish(), status: text.nullish() }))
        .nullish(),
    }),
  ),
});

const CycloneDxDocument = z.object({
  bomFormat: z.literal('CycloneDX'),
  specVersion: text,
  metadata: z
    .object({
      tools: z.union([z.array(Tool), z.object({ components: z.array(Tool).nullish() })]).nullish(),
    })
    .nullish(),
  components: z.array(ComponentSchema).nullish(),
  vulnerabilities: z.array(Vulnerability).nullish(),
});

type Document = z.output<typeof CycloneDxDocument>;

/** Analysed and decided: not an open finding (see the header). */
const CLOSED_STATES = new Set([
  'not_affected',
  'false_positive',
  'resolved',
  'resolved_with_pedigree',
]);

const METHOD_PREFIX: Readonly<Record<string, string>> = {
  CVSSv3: 'CVSS:3.0/',
  CVSSv31: 'CVSS:3.1/',
  CVSSv4: 'CVSS:4.0/',
};

function toolOf(doc: Document): FindingDraft['tool'] {
  const tools = doc.metadata?.tools;
  const list = Array.isArray(tools) ? tools : (tools?.components ?? []);
  const first = list.find((t) => t.name);
  return first?.name
    ? { name: first.name, version: first.version ?? '' }
    : { name: 'cyclonedx', version: '' };
}

/** The package a component is: from its purl, else its group, name and version. */
function packageOfComponent(c: Component): PurlPackage {
  const fromItsPurl = fromPurl(c.purl);
  if (fromItsPurl) return fromItsPurl;
  const name = c.group ? `${c.group}/${c.name}` : c.name;
  return { ecosystem: 'generic', name, version: c.version ?? '', purl: '' };
}

function manifestOf(file: string): string {
  const path = reportPath(file);
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path) ? (path.split('/').pop() ?? path) : path;
}

/** CycloneDX JSON with vulnerabilities (VEX); analysed-and-closed ones are skipped. */
export const cyclonedxImporter: Importer = {
  id: 'cyclonedx',
  description:
    'CycloneDX JSON with vulnerabilities (SBOM findings or VEX); not_affected, false_positive and resolved ones are skipped',
  detect(_text, json) {
    return isRecord(json) && json.bomFormat === 'CycloneDX';
  },
  parse(text, ctx) {
    const doc = readJsonReport(text, ctx.file, FORMAT, CycloneDxDocument);
    const byRef = new Map<string, Component>();
    const visit = (list: readonly Component[]) => {
      for (const c of list) {
        if (c['bom-ref']) byRef.set(c['bom-ref'], c);
        if (c.components) visit(c.components);
      }
    };
    visit(doc.components ?? []);
    const tool = toolOf(doc);
    const manifestPath = manifestOf(ctx.file);
    const out: FindingDraft[] = [];
    for (const [i, v] of (doc.vulnerabilities ?? []).entries()) {
      if (v.analysis?.state && CLOSED_STATES.has(v.analysis.state)) continue;
      const ratings = v.ratings ?? [];
      const words = ratings
        .map((r) => r.severity)
        .filter((w) => w && w !== 'none' && w !== 'unknown');
      const vectors = ratings.flatMap((r) => {
        const prefix = r.method ? METHOD_PREFIX[r.method] : undefined;
        if (!r.vector || prefix === undefined) return [];
        return [r.vector.startsWith('CVSS:') ? r.vector : `${prefix}${r.vector}`];
      });
      const severity = chooseSeverity({
        word: highestWord(words),
        cvss: scoredCvss(vectors, 'highest'),
        scores: ratings.map((r) => r.score),
      });
      for (const [j, affect] of v.affects.entries()) {
        // A BOM-Link (`urn:cdx:…`) names a component of another document: not ours to import.
        if (affect.ref.startsWith('urn:cdx:')) continue;
        const component = byRef.get(affect.ref);
        const pkg = component ? packageOfComponent(component) : fromPurl(affect.ref);
        if (pkg === undefined) {
          throw new ParseError(
            {
              file: ctx.file,
              line: jsonPathLine(text, ['vulnerabilities', i, 'affects', j, 'ref']),
            },
            `not a ${FORMAT}: vulnerabilities[${i}].affects[${j}].ref "${affect.ref.slice(0, 100)}" names no component of this document`,
          );
        }
        const fixed = (affect.versions ?? []).flatMap((ver) =>
          ver.status === 'unaffected' && ver.version ? [ver.version] : [],
        );
        out.push(
          dependencyFinding({
            tool,
            ids: [v.id, ...(v.references ?? []).map((r) => r.id)],
            summary: undefined,
            details: v.description ?? v.detail,
            severity,
            cwes: v.cwes ?? [],
            ecosystem: pkg.ecosystem,
            name: pkg.name,
            version: pkg.version,
            ...(pkg.purl === '' ? {} : { purl: pkg.purl }),
            manifestPath,
            fixedVersions: fixed,
            references: [
              v.source?.url,
              ...(v.advisories ?? []).map((a) => a.url),
              ...(v.references ?? []).map((r) => r.source?.url),
            ],
            // The recommendation is the producer's advice: shown when no fixed version is known.
            ...(v.recommendation?.trim() && fixed.length === 0
              ? { fixHint: v.recommendation.trim() }
              : {}),
            properties: {
              ...(v.analysis?.state ? { analysisState: v.analysis.state } : {}),
              ...(v.published ? { published: v.published } : {}),
            },
          }),
        );
      }
    }
    return out;
  },
};

const RANK = ['info', 'low', 'medium', 'high', 'critical'];

/** The most severe of CycloneDX's severity words. */
function highestWord(words: readonly (string | null | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const word of words) {
    if (typeof word !== 'string') continue;
    const rank = RANK.indexOf(word.toLowerCase());
    if (rank >= 0 && (best === undefined || rank > RANK.indexOf(best))) best = word.toLowerCase();
  }
  return best;
}
