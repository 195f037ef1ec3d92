import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { buildDependencies } from '../lockfiles/graph.js';
import { cyclonedxJsonParser } from '../lockfiles/sbom/cyclonedx-json.js';
import { parseText } from '../test-support/parse.js';
import { toCycloneDxJson } from './cyclonedx.js';

const deps = [
  ...buildDependencies('npm', 'package-lock.json', [
    { name: 'express', version: '4.18.2', direct: true, dependsOn: ['qs@6.11.0'], license: 'MIT' },
    { name: 'qs', version: '6.11.0', direct: false, dependsOn: [], license: 'BSD-3-Clause' },
    { name: '@types/node', version: '20.0.0', direct: true, dev: true, dependsOn: [] },
  ]),
  ...buildDependencies('Maven', 'pom.xml', [
    {
      name: 'org.apache.logging.log4j:log4j-core',
      version: '2.14.1',
      direct: true,
      dependsOn: [],
      license: 'Apache License, Version 2.0',
    },
  ]),
];

const meta = {
  name: 'shop',
  toolVersion: '0.1.0',
  timestamp: new Date('2026-01-01T00:00:00Z'),
  serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
};

describe('toCycloneDxJson', () => {
  it('writes a CycloneDX 1.6 document that validates against the schema', async () => {
    const json = await toCycloneDxJson(deps, meta);
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
    expect(await validator.validate(json)).toBeNull();
  });

  it('lists components with purls, licences, scope and the dependency graph', async () => {
    const bom = JSON.parse(await toCycloneDxJson(deps, meta)) as {
      metadata: { component: { name: string } };
      components: { purl: string; scope?: string; licenses?: unknown[]; group?: string }[];
      dependencies: { ref: string; dependsOn?: string[] }[];
    };
    expect(bom.metadata.component.name).toBe('shop');
    expect(bom.components.map((c) => c.purl)).toEqual([
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      'pkg:npm/%40types/node@20.0.0',
      'pkg:npm/express@4.18.2',
      'pkg:npm/qs@6.11.0',
    ]);
    expect(bom.components.find((c) => c.purl.includes('types'))?.scope).toBe('optional');
    expect(bom.components.find((c) => c.purl.includes('express'))?.licenses).toEqual([
      { license: { id: 'MIT' } },
    ]);
    expect(bom.components[0]?.licenses).toEqual([
      { license: { name: 'Apache License, Version 2.0' } },
    ]);
    expect(bom.dependencies.find((d) => d.ref === 'pkg:npm/express@4.18.2')?.dependsOn).toEqual([
      'pkg:npm/qs@6.11.0',
    ]);
    expect(bom.dependencies.find((d) => d.ref === 'root')?.dependsOn).toHaveLength(3);
  });

  it('is read back by the SBOM input parser with the same packages, graph and direct flags', async () => {
    const json = await toCycloneDxJson(deps, meta);
    const parsed = await parseText(cyclonedxJsonParser, json, 'bom.json');
    const back = buildDependencies(parsed.ecosystem, 'bom.json', parsed.packages);
    const summary = (list: typeof deps) =>
      list.map((d) => `${d.purl} direct=${d.direct} dev=${d.dev} ${d.path.join('>')}`).sort();
    expect(summary(back)).toEqual(summary(deps));
  });

  it("lists the project's own workspace packages as components of the root", async () => {
    const bom = JSON.parse(
      await toCycloneDxJson(deps, {
        ...meta,
        workspaces: [
          { name: '@shop/api', version: '2.0.0', path: 'packages/api', ecosystem: 'npm' },
        ],
      }),
    ) as {
      components: { purl: string; properties?: { name: string; value: string }[] }[];
      dependencies: { ref: string; dependsOn?: string[] }[];
    };
    const ws = bom.components.find((c) => c.purl === 'pkg:npm/%40shop/api@2.0.0');
    expect(ws?.properties).toEqual([{ name: 'rampart:workspace', value: 'packages/api' }]);
    expect(bom.dependencies.find((d) => d.ref === 'root')?.dependsOn).toContain(
      'pkg:npm/%40shop/api@2.0.0',
    );
  });

  it('rejects a file that is not a CycloneDX SBOM, naming the file', async () => {
    await expect(parseText(cyclonedxJsonParser, '{"a": 1}', 'bom.json')).rejects.toThrow(
      /bom\.json:1: not a CycloneDX SBOM/,
    );
    await expect(parseText(cyclonedxJsonParser, '{\n"a": ', 'x.cdx.json')).rejects.toThrow(
      /x\.cdx\.json:\d+: not valid JSON/,
    );
  });
});
