import { readFile, stat } from 'node:fs/promises';
import { ConfigError, type ParsedYaml, parseYamlWithSchema, suggestClosest } from '@rampart/core';
import { type ThreatModel, ThreatModelSchema } from './model-schema.js';

/** A threat model is a small YAML file; anything larger is refused rather than parsed. */
export const MAX_THREAT_MODEL_BYTES = 2 * 1024 * 1024;

/** How a threat id (a key of `threats:`) is written: `<rule id>@<element or flow id>`. */
const DECISION_KEY = /^([^@\s]+)@([^@\s]+)$/;

/** One thing wrong with a model that its schema cannot see (ids, references). */
export interface ModelProblem {
  /** Where, as a path into the document: `['flows', 2, 'to']`. */
  readonly path: readonly (string | number)[];
  /** What is wrong, without the path. */
  readonly message: string;
  /** The problem is the key at `path` (a `threats:` entry), not its value. */
  readonly atKey?: boolean | undefined;
}

/** `flows.2.to`, as core's schema errors write paths. */
export function formatModelPath(path: readonly (string | number)[]): string {
  return path.map(String).join('.');
}

/** The rule id and target id of a decision key, or undefined when it is not of that form. */
export function splitThreatId(key: string): { ruleId: string; targetId: string } | undefined {
  const match = DECISION_KEY.exec(key);
  return match?.[1] && match[2] ? { ruleId: match[1], targetId: match[2] } : undefined;
}

function unknownId(value: string, what: string, known: readonly string[]): string {
  const suggestion = suggestClosest(value, known);
  return `"${value}" is not ${what}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}

/**
 * What is wrong with a schema-valid model beyond its schema: ids must be unique across
 * elements, flows and boundaries; a flow joins two different existing elements; a boundary
 * lists existing elements, each once; a decision key is `<rule id>@<element or flow id>`
 * and names an existing element or flow. Empty when the model is sound. Whether the rule
 * id of a decision exists is for the caller, who knows the library
 * ({@link unknownDecisionKeys}).
 *
 * For models that do not come from a file (the hub's editor): {@link parseThreatModel}
 * runs it and points at the line of the first problem.
 */
export function checkThreatModel(model: ThreatModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const seen = new Map<string, string>();
  const claim = (id: string, path: (string | number)[]) => {
    const first = seen.get(id);
    if (first === undefined) seen.set(id, formatModelPath(path.slice(0, -1)));
    else
      problems.push({
        path,
        message: `"${id}" is already the id of ${first}; ids must be unique across elements, flows and boundaries`,
      });
  };
  const groups = [
    ['elements', model.elements],
    ['flows', model.flows],
    ['boundaries', model.boundaries],
  ] as const;
  for (const [group, items] of groups) {
    for (const [i, item] of items.entries()) claim(item.id, [group, i, 'id']);
  }

  const elementIds = model.elements.map((element) => element.id);
  const isElement = new Set(elementIds);
  model.flows.forEach((flow, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!isElement.has(flow[end])) {
        problems.push({
          path: ['flows', i, end],
          message: unknownId(flow[end], 'the id of an element', elementIds),
        });
      }
    }
    if (flow.from === flow.to && isElement.has(flow.from)) {
      problems.push({
        path: ['flows', i, 'to'],
        message: `a flow joins two different elements, but "${flow.to}" is also its from`,
      });
    }
  });
  model.boundaries.forEach((boundary, i) => {
    const listed = new Set<string>();
    boundary.elements.forEach((id, j) => {
      if (!isElement.has(id)) {
        problems.push({
          path: ['boundaries', i, 'elements', j],
          message: unknownId(id, 'the id of an element', elementIds),
        });
      } else if (listed.has(id)) {
        problems.push({
          path: ['boundaries', i, 'elements', j],
          message: `"${id}" is listed twice in boundary ${boundary.id}`,
        });
      }
      listed.add(id);
    });
  });

  const targetIds = [...elementIds, ...model.flows.map((flow) => flow.id)];
  const isTarget = new Set(targetIds);
  for (const key of Object.keys(model.threats)) {
    const parts = splitThreatId(key);
    if (!parts) {
      problems.push({
        path: ['threats', key],
        atKey: true,
        message: `"${key}" is not a threat id: expected <rule id>@<element or flow id>, e.g. TM-S-001@api`,
      });
    } else if (!isTarget.has(parts.targetId)) {
      problems.push({
        path: ['threats', key],
        atKey: true,
        message: `threat ${key}: ${unknownId(parts.targetId, 'the id of an element or flow', targetIds)}`,
      });
    }
  }
  return problems;
}

/**
 * The decision keys whose rule id is none of `ruleIds`: decisions left over from a rule
 * that was renamed or removed, or mistyped. The CLI checks them against its library.
 *
 * @example
 * unknownDecisionKeys(model, rules.map((r) => r.id)); // ['TM-X-999@api']
 */
export function unknownDecisionKeys(model: ThreatModel, ruleIds: Iterable<string>): string[] {
  const known = new Set(ruleIds);
  return Object.keys(model.threats).filter((key) => {
    const parts = splitThreatId(key);
    return parts !== undefined && !known.has(parts.ruleId);
  });
}

/** The 1-based position of the key `key` of the map at `path`, if the document has it. */
function keyPosition(
  parsed: ParsedYaml<ThreatModel>,
  path: readonly (string | number)[],
): { line: number; column: number } | undefined {
  const key = path[path.length - 1];
  // Typed loosely on purpose: this package does not depend on `yaml` for one node shape.
  const map = parsed.doc.getIn(path.slice(0, -1), true) as
    | { items?: readonly { key?: { value?: unknown; range?: readonly number[] } }[] }
    | undefined;
  const offset = map?.items?.find((pair) => pair.key?.value === key)?.key?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = parsed.lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Parses and checks the text of a `threatmodel.yml`. Every problem is a {@link ConfigError}
 * whose message is `file:line:column: path: what is wrong`: YAML and schema errors (with
 * "did you mean" for a mistyped key) and then the checks of {@link checkThreatModel}, at
 * the line of the offending node.
 */
export function parseThreatModel(text: string, file: string): ThreatModel {
  const parsed = parseYamlWithSchema(text, file, ThreatModelSchema);
  const problems = checkThreatModel(parsed.data);
  const first = problems[0];
  if (first) {
    const at =
      (first.atKey ? keyPosition(parsed, first.path) : undefined) ?? parsed.positionOf(first.path);
    const more = problems.length - 1;
    throw new ConfigError(
      `${formatModelPath(first.path)}: ${first.message}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`,
      { file, ...at },
    );
  }
  return parsed.data;
}

/**
 * Reads and checks a `threatmodel.yml` ({@link parseThreatModel}). A file that cannot be
 * read is a {@link ConfigError} with code `RAMPART_CONFIG_NOT_FOUND`.
 */
export async function loadThreatModel(path: string): Promise<ThreatModel> {
  let text: string;
  try {
    const { size } = await stat(path);
    if (size > MAX_THREAT_MODEL_BYTES) {
      throw new ConfigError('the threat model is larger than 2 MiB', { file: path });
    }
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw new ConfigError(`cannot read the threat model ${path}`, undefined, {
      code: 'RAMPART_CONFIG_NOT_FOUND',
      cause,
      hint: 'pass the path of an existing threatmodel.yml',
    });
  }
  return parseThreatModel(text, path);
}
