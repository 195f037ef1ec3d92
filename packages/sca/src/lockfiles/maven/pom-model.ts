import { ParseError } from '@rampart/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LineIndex } from '../../util/lines.js';

/** One `<dependency>` as written, before properties and managed versions are applied. */
export interface PomDependency {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version?: string;
  readonly scope?: string;
  readonly type?: string;
  /** The 1-based line of the `<dependency>` element. */
  readonly line: number;
}

/** The parts of a POM that decide its dependencies. */
export interface PomModel {
  readonly groupId?: string;
  readonly artifactId?: string;
  readonly version?: string;
  readonly parent?: {
    readonly groupId: string;
    readonly artifactId: string;
    readonly version?: string;
    /** `undefined`: Maven's default `../pom.xml`; `''`: do not look on disk. */
    readonly relativePath?: string;
    readonly line: number;
  };
  readonly properties: ReadonlyMap<string, string>;
  /** `<dependencyManagement>` entries (BOM imports included, with scope `import`). */
  readonly managed: readonly PomDependency[];
  readonly dependencies: readonly PomDependency[];
  /** Ids of profiles that declare dependencies (not applied). */
  readonly profilesWithDependencies: readonly string[];
}

type XmlObject = { readonly [key: string]: unknown };

// Typed as the `Symbol` wrapper object by fast-xml-parser; it is a plain symbol at run time.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  captureMetaData: true,
  processEntities: true,
  isArray: (name) => name === 'dependency' || name === 'profile',
});

/**
 * Reads a `pom.xml`: validates the XML (errors carry line and column), then picks out
 * coordinates, parent, properties, managed dependencies and dependencies with the line of
 * each `<dependency>` element.
 */
export function readPom(text: string, file: string): PomModel {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ParseError(
      { file, line: valid.err.line, column: valid.err.col },
      `invalid XML: ${valid.err.msg}`,
    );
  }
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (cause) {
    throw new ParseError({ file }, 'invalid XML: the document could not be read', { cause });
  }
  const lines = new LineIndex(text);
  const lineOf = (node: unknown): number => {
    const meta = isObject(node) ? (node as Record<symbol, unknown>)[META] : undefined;
    const start =
      isObject(meta) && typeof meta.startIndex === 'number' ? meta.startIndex : undefined;
    return start === undefined ? 1 : lines.lineAt(start);
  };
  const project = isObject(doc) ? doc.project : undefined;
  if (!isObject(project)) {
    const root = isObject(doc) ? Object.keys(doc).find((k) => !k.startsWith('?')) : undefined;
    throw new ParseError(
      { file, line: 1 },
      `not a Maven POM: the root element is ${root === undefined ? 'missing' : `<${root}>`}, not <project>`,
    );
  }

  const dependencies = (container: unknown, where: string): PomDependency[] =>
    list(isObject(container) ? container.dependency : undefined).map((dep) => {
      const line = lineOf(dep);
      function fail(message: string): never {
        throw new ParseError({ file, line }, `${where}: ${message}`);
      }
      if (!isObject(dep)) fail('a <dependency> has no content');
      const groupId = text1(dep, 'groupId');
      const artifactId = text1(dep, 'artifactId');
      if (groupId === undefined || groupId === '') fail('a <dependency> has no <groupId>');
      if (artifactId === undefined || artifactId === '') {
        fail(`<dependency> ${groupId} has no <artifactId>`);
      }
      const version = text1(dep, 'version');
      const scope = text1(dep, 'scope');
      const type = text1(dep, 'type');
      return {
        groupId,
        artifactId,
        line,
        ...(version === undefined || version === '' ? {} : { version }),
        ...(scope === undefined ? {} : { scope }),
        ...(type === undefined ? {} : { type }),
      };
    });

  const properties = new Map<string, string>();
  const props = project.properties;
  if (isObject(props)) {
    for (const [key, value] of Object.entries(props)) {
      if (typeof value === 'string') properties.set(key, value);
    }
  }
  const parentNode = project.parent;
  let parent: PomModel['parent'];
  if (isObject(parentNode)) {
    const groupId = text1(parentNode, 'groupId');
    const artifactId = text1(parentNode, 'artifactId');
    if (groupId === undefined || artifactId === undefined) {
      throw new ParseError(
        { file, line: lineOf(parentNode) },
        '<parent> needs <groupId> and <artifactId>',
      );
    }
    const version = text1(parentNode, 'version');
    const relativePath = text1(parentNode, 'relativePath');
    parent = {
      groupId,
      artifactId,
      line: lineOf(parentNode),
      ...(version === undefined ? {} : { version }),
      ...(relativePath === undefined ? {} : { relativePath }),
    };
  }
  const management = project.dependencyManagement;
  const groupId = text1(project, 'groupId');
  const artifactId = text1(project, 'artifactId');
  const version = text1(project, 'version');
  return {
    ...(groupId === undefined ? {} : { groupId }),
    ...(artifactId === undefined ? {} : { artifactId }),
    ...(version === undefined ? {} : { version }),
    ...(parent === undefined ? {} : { parent }),
    properties,
    managed: dependencies(
      isObject(management) ? management.dependencies : undefined,
      '<dependencyManagement>',
    ),
    dependencies: dependencies(project.dependencies, '<dependencies>'),
    profilesWithDependencies: list(
      isObject(project.profiles) ? project.profiles.profile : undefined,
    )
      .filter(
        (p) =>
          isObject(p) && isObject(p.dependencies) && list(p.dependencies.dependency).length > 0,
      )
      .map((p) => (isObject(p) ? (text1(p, 'id') ?? '(no id)') : '')),
  };
}

function isObject(value: unknown): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of a child element (an element with attributes or children yields its `#text`). */
function text1(node: XmlObject, key: string): string | undefined {
  const value = node[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isObject(value) && typeof value['#text'] === 'string') return value['#text'];
  return undefined;
}
