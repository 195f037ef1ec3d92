import { ParseError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../test-support/parse.js';
import { hasSharedData, sharedLockfile } from '../../test-support/shared-data.js';
import type { ParseResult } from '../../types.js';
import { buildDependencies } from '../graph.js';
import { pomParser as parser } from './pom.js';

const find = (r: ParseResult, name: string) => r.packages.find((p) => p.name === name);

describe('pom.xml: real files', () => {
  it('claims pom.xml only', () => {
    expect(parser.matches('svc/pom.xml')).toBe(true);
    expect(parser.matches('svc/pom.xml.bak')).toBe(false);
  });

  it.skipIf(!hasSharedData)(
    'reads WebGoat today: 46 dependencies, managed and property versions',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('Maven', 'WebGoat-WebGoat-pom.xml'),
        'pom.xml',
      );
      expect(r.rootName).toBe('org.owasp.webgoat:webgoat');
      expect(r.packages).toHaveLength(46);
      expect(r.packages.every((p) => p.direct)).toBe(true);
      // 42 have no <version>; 19 of them get one from <dependencyManagement>, 23 from Spring Boot's parent.
      expect(r.packages.filter((p) => p.version === '')).toHaveLength(23);
      expect(r.packages.filter((p) => p.dev)).toHaveLength(9);
      expect(find(r, 'io.jsonwebtoken:jjwt')).toMatchObject({
        version: '0.9.1',
        dev: false,
        line: 335,
      });
      expect(find(r, 'javax.xml.bind:jaxb-api')).toMatchObject({ version: '2.3.1', line: 248 });
      expect(find(r, 'com.thoughtworks.xstream:xstream')).toMatchObject({
        version: '1.4.5',
        line: 323,
      });
      expect(find(r, 'org.projectlombok:lombok')).toMatchObject({ version: '1.18.46', dev: true });
      expect(find(r, 'org.springframework.boot:spring-boot-starter-test')).toMatchObject({
        version: '',
        dev: true,
      });
      const notes = r.notes?.join('\n') ?? '';
      expect(notes).toMatch(/lists only direct dependencies.*mvn dependency:tree/);
      expect(notes).toMatch(
        /Parent POM org\.springframework\.boot:spring-boot-starter-parent:4\.1\.0 is not available/,
      );
      expect(notes).toMatch(/23 dependency\(ies\) have no version here/);
      const deps = buildDependencies('Maven', 'pom.xml', r.packages);
      expect(deps.find((d) => d.name === 'com.thoughtworks.xstream:xstream')).toMatchObject({
        purl: 'pkg:maven/com.thoughtworks.xstream/xstream@1.4.5',
        path: ['com.thoughtworks.xstream:xstream@1.4.5'],
      });
    },
  );

  it.skipIf(!hasSharedData)(
    'resolves a module against its parent at ../pom.xml (WebGoat 8.0.0 container)',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('Maven', 'WebGoat-WebGoat-v8.0.0-webgoat-container_pom.xml'),
        'webgoat-container/pom.xml',
        { '../pom.xml': sharedLockfile('Maven', 'WebGoat-WebGoat-v8.0.0-pom.xml') },
      );
      expect(r.rootName).toBe('org.owasp.webgoat:webgoat-container');
      // 18 own dependencies and 2 inherited from the parent.
      expect(r.packages).toHaveLength(20);
      expect(find(r, 'org.apache.commons:commons-lang3')).toMatchObject({
        version: '3.4',
        line: 122,
      });
      expect(find(r, 'com.google.guava:guava')).toMatchObject({ version: '18.0', line: 127 });
      expect(find(r, 'org.scala-lang:scala-compiler')).toMatchObject({
        version: '2.11.7',
        dev: true,
      });
      expect(find(r, 'junit:junit')).toMatchObject({ version: '4.12', dev: false, line: 189 });
      expect(find(r, 'org.apache.commons:commons-exec')).toMatchObject({
        version: '1.3',
        line: 10,
      });
      expect(r.notes?.join('\n')).toMatch(/2 dependency\(ies\) are inherited from parent POMs/);
      expect(r.notes?.join('\n')).toMatch(
        /spring-boot-starter-parent:1\.5\.12\.RELEASE is not available \(not at \.\.\/\.\.\/pom\.xml\)/,
      );
    },
  );

  it.skipIf(!hasSharedData)(
    'leaves properties of a missing parent unresolved and says so',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('Maven', 'WebGoat-WebGoat-v8.0.0-webgoat-container_pom.xml'),
        'webgoat-container/pom.xml',
      );
      expect(r.packages).toHaveLength(18);
      expect(find(r, 'com.google.guava:guava')?.version).toBe('');
      expect(r.notes?.join('\n')).toMatch(
        /Unresolved properties \(commons-lang3\.version, guava\.version/,
      );
    },
  );

  it.skipIf(!hasSharedData)(
    'takes project.version from <parent> when the module has none (WebGoat 8.0.0 server)',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('Maven', 'WebGoat-WebGoat-v8.0.0-webgoat-server_pom.xml'),
        'pom.xml',
      );
      expect(r.packages).toHaveLength(24);
      expect(find(r, 'org.owasp.webgoat.lesson:sql-injection')).toMatchObject({
        version: 'v8.0.0.M15',
        line: 158,
      });
      expect(find(r, 'org.postgresql:postgresql')).toMatchObject({ version: '42.2.2', dev: false });
    },
  );

  it.skipIf(!hasSharedData)(
    'notes dependencies that only a profile declares (WebGoat 8.0.0 parent)',
    async () => {
      const r = await parseText(
        parser,
        sharedLockfile('Maven', 'WebGoat-WebGoat-v8.0.0-pom.xml'),
        'pom.xml',
      );
      expect(r.packages.map((p) => [p.name, p.version, p.dev])).toEqual([
        ['org.projectlombok:lombok', '', true],
        ['org.apache.commons:commons-exec', '1.3', false],
      ]);
      expect(r.notes?.join('\n')).toMatch(
        /Dependencies declared in profiles \(release\) are not listed/,
      );
    },
  );
});

describe('pom.xml: resolution', () => {
  it('applies nested properties, managed scopes and BOM notes; ignores plugin dependencies', async () => {
    const r = await parseText(
      parser,
      `<?xml version="1.0"?>
<project>
  <groupId>g</groupId><artifactId>app</artifactId><version>2.0</version>
  <properties>
    <base>1</base>
    <lib.version>\${base}.5</lib.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>x</groupId><artifactId>managed</artifactId><version>\${lib.version}</version><scope>test</scope></dependency>
      <dependency><groupId>b</groupId><artifactId>bom</artifactId><version>9</version><type>pom</type><scope>import</scope></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>x</groupId><artifactId>managed</artifactId></dependency>
    <dependency><groupId>\${project.groupId}</groupId><artifactId>sibling</artifactId><version>\${project.version}</version></dependency>
    <dependency><groupId>x</groupId><artifactId>ranged</artifactId><version>[1.0,2.0)</version></dependency>
    <dependency><groupId>x</groupId><artifactId>num</artifactId><version>1.10</version><scope>provided</scope></dependency>
  </dependencies>
  <build><plugins><plugin><artifactId>p</artifactId>
    <dependencies><dependency><groupId>no</groupId><artifactId>plugin-dep</artifactId><version>1</version></dependency></dependencies>
  </plugin></plugins></build>
</project>
`,
      'pom.xml',
    );
    expect(r.packages.map((p) => [p.name, p.version, p.dev, p.line])).toEqual([
      ['x:managed', '1.5', true, 15],
      ['g:sibling', '2.0', false, 16],
      ['x:ranged', '', false, 17],
      ['x:num', '1.10', true, 18],
    ]);
    const notes = r.notes?.join('\n') ?? '';
    expect(notes).toMatch(/Version ranges cannot be matched exactly: x:ranged \[1\.0,2\.0\)/);
    expect(notes).toMatch(/imported from BOMs \(b:bom:9\)/);
    expect(notes).not.toMatch(/Parent POM/);
  });
});

describe('pom.xml: hostile input', () => {
  it('does not expand nested entities (billion laughs)', async () => {
    let entities = '<!ENTITY a0 "lol">';
    for (let i = 1; i < 10; i++) entities += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`;
    const text = `<?xml version="1.0"?><!DOCTYPE project [${entities}]><project><dependencies><dependency><groupId>&a9;</groupId><artifactId>x</artifactId><version>1</version></dependency></dependencies></project>`;
    const r = await parseText(parser, text, 'pom.xml').catch((e: unknown) => e);
    if (r instanceof Error) expect(r).toBeInstanceOf(ParseError);
    else expect((r as ParseResult).packages[0]?.name.length).toBeLessThan(100);
  });
});

describe('pom.xml: broken input', () => {
  it.each([
    ['<project>\n  <dependencies>\n</project>\n', 3, /invalid XML/],
    ['<settings>\n</settings>\n', 1, /not a Maven POM: the root element is <settings>/],
    [
      '<project>\n<dependencies>\n<dependency>\n<artifactId>a</artifactId>\n</dependency>\n</dependencies>\n</project>',
      3,
      /has no <groupId>/,
    ],
    [
      '<project>\n<dependencies>\n<dependency><groupId>g</groupId></dependency>\n</dependencies>\n</project>',
      3,
      /g has no <artifactId>/,
    ],
    ['<project><parent><version>1</version></parent></project>', 1, /<parent> needs <groupId>/],
  ])('rejects broken POM %#', async (text, line, message) => {
    const err = await parseText(parser, text, 'm/pom.xml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position).toMatchObject({ file: 'm/pom.xml', line });
    expect((err as ParseError).message).toMatch(message);
  });
});
