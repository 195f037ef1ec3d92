import { RampartError } from '../errors.js';
import { type Finding, FindingSchema, type ScannerKind } from '../finding/finding.js';
import { FINGERPRINT_KEY } from '../finding/fingerprint.js';
import { RAMPART_PROPERTIES_KEY } from './rampart-properties.js';
import { foreignFinding } from './sarif-foreign-result.js';
import { arr, describeJson, isRecord, type Json, str } from './sarif-json.js';
import { createRunContext, type RunContext, resolvePath } from './sarif-run-context.js';
import { SARIF_VERSION } from './sarif-types.js';

/** How {@link fromSarif} names its input and fills what another tool's SARIF does not say. */
export interface SarifReadOptions {
  /** Names the input in error messages, usually its file path. */
  readonly sourceName?: string;
  /** The scanner family of another tool's results; `sast` when absent. */
  readonly scannerKind?: ScannerKind;
  /** The scan root (`file://` URI or absolute path): absolute file URIs under it become relative paths. */
  readonly rootUri?: string;
}

/** A result that could not be read: which run, which result in it, and why. */
export interface SarifReadError {
  readonly run: number;
  /** The result's index in its run's `results`. */
  readonly index: number;
  readonly message: string;
}

/** The findings read from a SARIF log and the results that could not be read. */
export interface SarifReadResult {
  readonly findings: readonly Finding[];
  readonly errors: readonly SarifReadError[];
}

/**
 * Reads a SARIF 2.1.0 log into findings. Rampart's own SARIF (results carrying
 * `properties.rampart`) gives back exactly the findings written; other tools' results
 * (CodeQL, Semgrep, Trivy, gitleaks…) are mapped as well as their SARIF allows. A result
 * that cannot be mapped is reported in `errors` and the others are still read; results of
 * kind `pass` or `notApplicable`, and those a baseline marks `absent`, are not findings and
 * are skipped.
 * @throws RampartError `RAMPART_SARIF_INVALID` when the input is not a SARIF 2.1.0 log.
 */
export function fromSarif(input: unknown, options: SarifReadOptions = {}): SarifReadResult {
  const source = options.sourceName ?? 'SARIF input';
  const runs = validateLog(input, source);
  const findings: Finding[] = [];
  const errors: SarifReadError[] = [];

  for (const [runIndex, run] of runs.entries()) {
    const context = createRunContext(run, options.rootUri);
    const results = Array.isArray(run.results) ? run.results : [];
    for (const [index, result] of results.entries()) {
      const fail = (reason: string) =>
        errors.push({
          run: runIndex,
          index,
          message: `${source}: run ${runIndex}, result ${index}: ${reason}`,
        });
      try {
        if (!isRecord(result)) {
          fail('is not an object');
          continue;
        }
        if (isSkipped(result)) continue;
        const props = isRecord(result.properties) ? result.properties : {};
        const own = props[RAMPART_PROPERTIES_KEY];
        const candidate = isRecord(own)
          ? ownFinding(result, own, context)
          : foreignFinding(result, context, options.scannerKind ?? 'sast');
        if (typeof candidate === 'string') {
          fail(candidate);
          continue;
        }
        const parsed = FindingSchema.safeParse(candidate);
        if (parsed.success) findings.push(parsed.data);
        else
          fail(
            `is not a valid finding: ${parsed.error.issues
              .map((issue) => `${issue.path.join('.') || '(finding)'}: ${issue.message}`)
              .join('; ')}`,
          );
      } catch (err) {
        fail(err instanceof Error ? err.message : String(err));
      }
    }
  }
  return { findings, errors };
}

function validateLog(input: unknown, source: string): Json[] {
  const invalid = (what: string): never => {
    throw new RampartError('RAMPART_SARIF_INVALID', `${source}: ${what}`, {
      hint: 'pass a SARIF 2.1.0 log: a JSON object with "version": "2.1.0" and a "runs" array',
    });
  };
  if (!isRecord(input)) {
    return invalid(`is not a SARIF log: expected a JSON object, got ${describeJson(input)}`);
  }
  if (input.version !== SARIF_VERSION) {
    return invalid(
      input.version === undefined
        ? `is not a SARIF log: it has no "version"`
        : `has SARIF version ${JSON.stringify(input.version)}; only ${SARIF_VERSION} is supported`,
    );
  }
  if (!Array.isArray(input.runs)) {
    return invalid(`"runs" must be an array, got ${describeJson(input.runs)}`);
  }
  return input.runs.map((run: unknown, i) => {
    if (!isRecord(run)) return invalid(`run ${i} is not an object`);
    const tool = run.tool;
    const driver = isRecord(tool) ? tool.driver : undefined;
    if (!isRecord(driver) || typeof driver.name !== 'string' || driver.name === '') {
      return invalid(`run ${i} has no "tool.driver.name"`);
    }
    if (run.results !== undefined && run.results !== null && !Array.isArray(run.results)) {
      return invalid(`run ${i}: "results" must be an array, got ${describeJson(run.results)}`);
    }
    return run;
  });
}

function isSkipped(result: Json): boolean {
  return (
    result.kind === 'pass' || result.kind === 'notApplicable' || result.baselineState === 'absent'
  );
}

/** Rebuilds a finding Rampart wrote: the native fields plus `properties.rampart`. */
function ownFinding(
  result: Json,
  bag: Json,
  context: RunContext,
): Record<string, unknown> | string {
  const extras = bag.location;
  if (!isRecord(extras)) return '"properties.rampart.location" is missing';
  const first = firstLocation(result);
  const physical = isRecord(first?.physicalLocation) ? first.physicalLocation : undefined;
  const artifact = isRecord(physical?.artifactLocation) ? physical.artifactLocation : undefined;
  const uri = str(artifact?.uri);
  let location: Record<string, unknown>;
  if (extras.kind === 'url') {
    location = { ...extras };
  } else {
    if (uri === undefined) return 'has no physical location';
    const path = resolvePath(uri, str(artifact?.uriBaseId), context);
    if (extras.kind === 'package') {
      const logical = arr(first?.logicalLocations).find(isRecord);
      location = { ...extras, purl: logical?.name, manifestPath: path };
    } else {
      const region = isRecord(physical?.region) ? physical.region : {};
      const snippet = isRecord(region.snippet) ? str(region.snippet.text) : undefined;
      location = {
        kind: 'code',
        path,
        region: {
          startLine: region.startLine,
          startColumn: region.startColumn,
          endLine: region.endLine,
          endColumn: region.endColumn,
        },
        ...(snippet === undefined ? {} : { snippet }),
      };
    }
  }
  const { location: _, ...rest } = bag;
  const message = isRecord(result.message) ? result.message.text : undefined;
  const fingerprints = isRecord(result.partialFingerprints) ? result.partialFingerprints : {};
  return {
    ...rest,
    ruleId: result.ruleId,
    message,
    location,
    fingerprint: fingerprints[FINGERPRINT_KEY],
  };
}

function firstLocation(result: Json): Json | undefined {
  const first = arr(result.locations)[0];
  return isRecord(first) ? first : undefined;
}
