import type {
  Confidence,
  Finding,
  JsonValue,
  Novelty,
  PackageLocation,
  ScannerKind,
  SecretInfo,
  UrlLocation,
} from '../finding/finding.js';
import type { Severity } from '../finding/severity.js';

/** The key of `result.properties` under which Rampart keeps what SARIF cannot say natively. */
export const RAMPART_PROPERTIES_KEY = 'rampart';

/**
 * The location fields SARIF does not carry unambiguously. Code locations need nothing more
 * (path, region and snippet are native); a package keeps all but `purl` and `manifestPath`
 * (its `line` too, because the native region says line 1 when the line is unknown); a URL
 * keeps everything, because `'METHOD url'` in the logical location is for people to read.
 */
export type RampartLocationExtras =
  | { readonly kind: 'code' }
  | Omit<PackageLocation, 'purl' | 'manifestPath'>
  | UrlLocation;

/** Every Finding field not expressed natively in a SARIF result, under `properties.rampart`. */
export interface RampartResultProperties {
  readonly scanner: ScannerKind;
  readonly tool: { readonly name: string; readonly version: string };
  readonly title: string;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly cwe: readonly string[];
  readonly owasp?: string;
  readonly remediation?: string;
  readonly references: readonly string[];
  readonly tags: readonly string[];
  readonly secret?: SecretInfo;
  readonly cvss?: NonNullable<Finding['cvss']>;
  readonly novelty?: Novelty;
  readonly properties?: { readonly [key: string]: JsonValue };
  readonly location: RampartLocationExtras;
}
