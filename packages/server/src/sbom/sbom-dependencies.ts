import type { Dependency } from '@rampart/sca';
import { flattenComponents, type SbomComponent, type SbomDocument } from './sbom-document.js';

/** The part of `@rampart/sca` this module uses (loaded on first use by the caller). */
export type ScaModule = Pick<typeof import('@rampart/sca'), 'buildDependencies' | 'parserById'>;

/**
 * The manifest of components that do not name one (SBOMs from other tools): findings of
 * those components point at this path.
 */
export const SBOM_MANIFEST = 'bom.json';

function propertyValues(component: SbomComponent, name: string): string[] {
  return (component.properties ?? [])
    .filter((p) => p.name === name && typeof p.value === 'string' && p.value !== '')
    .map((p) => p.value as string);
}

/**
 * The dependencies an SBOM describes, as the `sca` scanner sees them, so that matching them
 * gives the very findings (and fingerprints) `rampart scan` gives for the tree the SBOM was
 * made from. `rampart sbom` lists each component's manifests as `rampart:manifest`
 * properties: a component counts once per manifest, with that manifest's path; the
 * project's own packages (`rampart:workspace`) are not dependencies. Components that name
 * no manifest count under {@link SBOM_MANIFEST}. Each manifest's components are read with
 * the scanner's own CycloneDX reader (purl → ecosystem and name, direct, dev, the path that
 * brings a package in), restricted to that manifest.
 */
export async function sbomDependencies(
  document: SbomDocument,
  sca: ScaModule,
): Promise<Dependency[]> {
  const parser = sca.parserById('cyclonedx-json');
  if (parser === undefined) throw new Error('@rampart/sca has no cyclonedx-json reader');
  const byManifest = new Map<string, SbomComponent[]>();
  for (const component of flattenComponents(document.components ?? [])) {
    if (component.purl === undefined) continue;
    if (propertyValues(component, 'rampart:workspace').length > 0) continue;
    const manifests = propertyValues(component, 'rampart:manifest');
    const { components: _nested, ...flat } = component;
    for (const manifest of manifests.length > 0 ? manifests : [SBOM_MANIFEST]) {
      const list = byManifest.get(manifest) ?? [];
      list.push(flat);
      byManifest.set(manifest, list);
    }
  }
  const out: Dependency[] = [];
  for (const [manifest, components] of [...byManifest].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    const part = { ...document, components };
    const result = await parser.parse(JSON.stringify(part), {
      path: manifest,
      readSibling: async () => undefined,
    });
    out.push(...sca.buildDependencies(result.ecosystem, manifest, result.packages));
  }
  return out;
}
