import { ParseError } from '@rampart/core';
import { expect } from 'vitest';
import { type PackageNode, type ParseResult, packageKey } from '../../types.js';

/** One package as the tests compare it: key, flags and sorted dependency keys. */
export interface Row {
  readonly key: string;
  readonly direct: boolean;
  readonly dev: boolean | undefined;
  readonly dependsOn: readonly string[];
}

/** The packages of a result as rows sorted by key, for whole-set comparisons. */
export function rows(result: ParseResult): Row[] {
  return result.packages
    .map((p) => ({
      key: packageKey(p.name, p.version),
      direct: p.direct,
      dev: p.dev,
      dependsOn: [...p.dependsOn].sort(),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The package with this key; fails the test when absent. */
export function pkg(result: ParseResult, key: string): PackageNode {
  const found = result.packages.find((p) => packageKey(p.name, p.version) === key);
  expect(found, `package ${key}`).toBeDefined();
  return found as PackageNode;
}

/** The 1-based line of the first line of `text` containing `needle`, or 0. */
export function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  return at === -1 ? 0 : text.slice(0, at).split('\n').length;
}

/** The error `run` throws (awaited); fails the test when it does not throw a ParseError. */
export async function parseErrorOf(run: () => unknown): Promise<ParseError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError, nothing was thrown');
}
