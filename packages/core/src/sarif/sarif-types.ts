/**
 * The structural slice of SARIF 2.1.0 that Rampart writes and reads. It is not the whole
 * format (see the OASIS standard); only what a code-scanning consumer such as GitHub uses.
 * Every name is prefixed with `Sarif` so it never clashes with core's own `Location`/`Region`.
 */

/** The SARIF version Rampart writes and accepts. */
export const SARIF_VERSION = '2.1.0';

/** The `$schema` written at the top of every log: the official OASIS 2.1.0 schema. */
export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The `uriBaseId` under which every path is written, relative to the scan root. */
export const SARIF_SRCROOT = '%SRCROOT%';

/** Key/value pairs attached to most SARIF objects; `tags` holds distinct strings. */
export interface SarifPropertyBag {
  readonly tags?: readonly string[];
  readonly [key: string]: unknown;
}

/** A message for a person: plain text, optionally with a markdown rendering. */
export interface SarifMessage {
  readonly text?: string;
  readonly markdown?: string;
  readonly id?: string;
  readonly arguments?: readonly string[];
}

/** A message with a required plain-text form, as rule descriptions and help use. */
export interface SarifMultiformatMessageString {
  readonly text: string;
  readonly markdown?: string;
}

/** Where a file is: a URI, relative to `uriBaseId` when that is present. */
export interface SarifArtifactLocation {
  readonly uri?: string;
  readonly uriBaseId?: string;
  readonly index?: number;
}

/** Text or bytes of a file, here the snippet of a region. */
export interface SarifArtifactContent {
  readonly text?: string;
}

/** A span of a text file, 1-based; `endColumn` is exclusive. */
export interface SarifRegion {
  readonly startLine?: number;
  readonly startColumn?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly charOffset?: number;
  readonly charLength?: number;
  readonly snippet?: SarifArtifactContent;
}

/** A file and a span of it. */
export interface SarifPhysicalLocation {
  readonly artifactLocation?: SarifArtifactLocation;
  readonly region?: SarifRegion;
}

/**
 * A location by name rather than by file: a function, a package, a web resource.
 * `kind` should be one of the spec's list ('function', 'module', 'resource', …) when one fits.
 */
export interface SarifLogicalLocation {
  readonly name?: string;
  readonly fullyQualifiedName?: string;
  readonly kind?: string;
}

/** Where a result is: a physical location, logical locations, or both. */
export interface SarifLocation {
  readonly physicalLocation?: SarifPhysicalLocation;
  readonly logicalLocations?: readonly SarifLogicalLocation[];
  readonly message?: SarifMessage;
}

/** How serious a result is, as SARIF levels say it. */
export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

/** A rule's default configuration: here only its default level. */
export interface SarifReportingConfiguration {
  readonly level?: SarifLevel;
}

/** A rule's metadata, referenced by results through `ruleId` and `ruleIndex`. */
export interface SarifReportingDescriptor {
  readonly id: string;
  readonly name?: string;
  readonly shortDescription?: SarifMultiformatMessageString;
  readonly fullDescription?: SarifMultiformatMessageString;
  readonly messageStrings?: Readonly<Record<string, SarifMultiformatMessageString>>;
  readonly defaultConfiguration?: SarifReportingConfiguration;
  readonly help?: SarifMultiformatMessageString;
  readonly helpUri?: string;
  readonly properties?: SarifPropertyBag;
}

/** A tool or one of its extensions (CodeQL query packs, for instance). */
export interface SarifToolComponent {
  readonly name: string;
  readonly version?: string;
  readonly semanticVersion?: string;
  readonly informationUri?: string;
  readonly rules?: readonly SarifReportingDescriptor[];
}

/** The tool that produced a run. */
export interface SarifTool {
  readonly driver: SarifToolComponent;
  readonly extensions?: readonly SarifToolComponent[];
}

/** Points at a tool component: by index into `tool.extensions`, or the driver when absent. */
export interface SarifToolComponentReference {
  readonly name?: string;
  readonly index?: number;
}

/** Points at a rule inside a tool component. */
export interface SarifReportingDescriptorReference {
  readonly id?: string;
  readonly index?: number;
  readonly toolComponent?: SarifToolComponentReference;
}

/** One result: a rule that fired at a location. */
export interface SarifResult {
  readonly ruleId?: string;
  readonly ruleIndex?: number;
  readonly rule?: SarifReportingDescriptorReference;
  /** `fail` when absent; `pass` and `notApplicable` are not problems. */
  readonly kind?: 'pass' | 'open' | 'informational' | 'notApplicable' | 'review' | 'fail';
  readonly level?: SarifLevel;
  readonly message: SarifMessage;
  readonly locations?: readonly SarifLocation[];
  readonly partialFingerprints?: Readonly<Record<string, string>>;
  readonly fingerprints?: Readonly<Record<string, string>>;
  /** The HTTP request of a finding in a running system (SARIF 2.1.0 §3.27.28). */
  readonly webRequest?: { readonly method?: string; readonly target?: string };
  readonly baselineState?: 'new' | 'unchanged' | 'updated' | 'absent';
  readonly properties?: SarifPropertyBag;
}

/** Identifies a run among the runs of an automation (GitHub's "category"). */
export interface SarifRunAutomationDetails {
  readonly id?: string;
}

/** One invocation of one tool and its results. */
export interface SarifRun {
  readonly tool: SarifTool;
  readonly automationDetails?: SarifRunAutomationDetails;
  readonly originalUriBaseIds?: Readonly<Record<string, SarifArtifactLocation>>;
  /** The unit of region columns; ours are JavaScript string indices, i.e. UTF-16 code units. */
  readonly columnKind?: 'utf16CodeUnits' | 'unicodeCodePoints';
  readonly results?: readonly SarifResult[];
  readonly properties?: SarifPropertyBag;
}

/** A SARIF 2.1.0 log: the top-level object of a `.sarif` file. */
export interface SarifLog {
  readonly $schema?: string;
  readonly version: typeof SARIF_VERSION;
  readonly runs: readonly SarifRun[];
}
