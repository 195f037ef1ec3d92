import { PackageURL } from 'packageurl-js';
import parseSpdx from 'spdx-expression-parse';
import { purlFor } from '../lockfiles/purl.js';
import type { Dependency, Ecosystem, WorkspacePackage } from '../types.js';

/** What the SBOM says about the project itself and the tool. */
export interface SbomMeta {
  /** The project's name (the root component). */
  readonly name: string;
  readonly version?: string;
  readonly toolVersion: string;
  /** Fixed time and serial number make the output reproducible (tests, diffs). */
  readonly timestamp?: Date;
  readonly serialNumber?: string;
  /** The project's own packages (npm workspaces): components of the root, not dependencies. */
  readonly workspaces?: readonly (WorkspacePackage & { readonly ecosystem: Ecosystem })[];
}

type Cdx = typeof import('@cyclonedx/cyclonedx-library');
type LicenseFactory = InstanceType<
  typeof import('@cyclonedx/cyclonedx-library/Contrib/License')['Factories']['LicenseFactory']
>;

function licensesOf(
  Models: Cdx['Models'],
  licenseFactory: LicenseFactory,
  declared: string | undefined,
): InstanceType<Cdx['Models']['LicenseRepository']> {
  const repo = new Models.LicenseRepository();
  if (declared === undefined || declared.trim() === '') return repo;
  try {
    repo.add(licenseFactory.makeFromString(declared.trim()));
  } catch {
    repo.add(new Models.NamedLicense(declared.trim()));
  }
  return repo;
}

/**
 * A CycloneDX 1.6 JSON SBOM of the dependencies: one component per package URL (a package
 * listed by several manifests is one component, with each manifest as a property), the
 * dependency graph from the lockfiles, and licences where they are known. Deterministic:
 * lists are sorted.
 */
export async function toCycloneDxJson(
  dependencies: readonly Dependency[],
  meta: SbomMeta,
): Promise<string> {
  // Loaded on first use: only `rampart sbom` needs the CycloneDX library, not every scan.
  // The library's root module also loads its validators (and ajv): import the parts.
  const [Enums, Models, Serialize, Spec, { Factories }] = await Promise.all([
    import('@cyclonedx/cyclonedx-library/Enums'),
    import('@cyclonedx/cyclonedx-library/Models'),
    import('@cyclonedx/cyclonedx-library/Serialize'),
    import('@cyclonedx/cyclonedx-library/Spec'),
    import('@cyclonedx/cyclonedx-library/Contrib/License'),
  ]);
  const licenseFactory = new Factories.LicenseFactory((expression) => {
    parseSpdx(expression);
  });
  const bom = new Models.Bom();
  if (meta.serialNumber !== undefined) bom.serialNumber = meta.serialNumber;
  bom.metadata.timestamp = meta.timestamp ?? new Date();
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'rampart', {
      version: meta.toolVersion,
    }),
  );
  const root = new Models.Component(Enums.ComponentType.Application, meta.name, {
    bomRef: 'root',
    ...(meta.version === undefined ? {} : { version: meta.version }),
  });
  bom.metadata.component = root;

  type Component = InstanceType<Cdx['Models']['Component']>;
  const byPurl = new Map<string, { component: Component; manifests: Set<string> }>();
  const purlOfKey = new Map<string, string>();
  for (const dep of dependencies) {
    purlOfKey.set(`${dep.manifestPath}\u0000${dep.name}@${dep.version}`, dep.purl);
    const seen = byPurl.get(dep.purl);
    if (seen) {
      seen.manifests.add(dep.manifestPath);
      if (!dep.dev) seen.component.scope = Enums.ComponentScope.Required;
      continue;
    }
    const purl = PackageURL.fromString(dep.purl);
    const component = new Models.Component(Enums.ComponentType.Library, purl.name, {
      bomRef: dep.purl,
      purl: dep.purl,
      ...(dep.version === '' ? {} : { version: dep.version }),
      ...(purl.namespace ? { group: purl.namespace } : {}),
      licenses: licensesOf(Models, licenseFactory, dep.license),
      scope: dep.dev ? Enums.ComponentScope.Optional : Enums.ComponentScope.Required,
    });
    byPurl.set(dep.purl, { component, manifests: new Set([dep.manifestPath]) });
    bom.components.add(component);
  }
  for (const ws of meta.workspaces ?? []) {
    const purl = purlFor(ws.ecosystem, ws.name, ws.version);
    if (byPurl.has(purl)) continue;
    const parsed = PackageURL.fromString(purl);
    const component = new Models.Component(Enums.ComponentType.Library, parsed.name, {
      bomRef: purl,
      purl,
      version: ws.version,
      ...(parsed.namespace ? { group: parsed.namespace } : {}),
      scope: Enums.ComponentScope.Required,
    });
    component.properties.add(new Models.Property('rampart:workspace', ws.path));
    byPurl.set(purl, { component, manifests: new Set() });
    bom.components.add(component);
    root.dependencies.add(component.bomRef);
  }
  for (const { component, manifests } of byPurl.values()) {
    for (const m of [...manifests].sort()) {
      component.properties.add(new Models.Property('rampart:manifest', m));
    }
  }
  for (const dep of dependencies) {
    const from = byPurl.get(dep.purl)?.component;
    if (from === undefined) continue;
    if (dep.direct) root.dependencies.add(from.bomRef);
    for (const key of dep.dependsOn) {
      const to = purlOfKey.get(`${dep.manifestPath}\u0000${key}`);
      const target = to === undefined ? undefined : byPurl.get(to)?.component;
      if (target !== undefined && target !== from) from.dependencies.add(target.bomRef);
    }
  }
  const serializer = new Serialize.JsonSerializer(
    new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6),
  );
  return serializer.serialize(bom, { sortLists: true, space: 2 });
}
