import type { Severity } from '@rampart/core';

/** Where a rule or one of its parts is written. */
export interface RuleSource {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
}

/**
 * A Semgrep search formula, normalised: `pattern`, `patterns` (all), `pattern-either` (any),
 * the negations and context operators, and the metavariable conditions.
 */
export type Formula =
  | { readonly kind: 'pattern'; readonly pattern: string; readonly at: RuleSource }
  | { readonly kind: 'regex'; readonly regex: string; readonly at: RuleSource }
  | { readonly kind: 'all'; readonly items: readonly Formula[]; readonly at: RuleSource }
  | { readonly kind: 'any'; readonly items: readonly Formula[]; readonly at: RuleSource }
  | { readonly kind: 'not'; readonly formula: Formula; readonly at: RuleSource }
  | { readonly kind: 'inside'; readonly formula: Formula; readonly at: RuleSource }
  | { readonly kind: 'not-inside'; readonly formula: Formula; readonly at: RuleSource }
  | { readonly kind: 'not-regex'; readonly regex: string; readonly at: RuleSource }
  | {
      readonly kind: 'metavariable-regex';
      readonly metavariable: string;
      readonly regex: string;
      readonly at: RuleSource;
    }
  | {
      readonly kind: 'metavariable-pattern';
      readonly metavariable: string;
      readonly formula: Formula;
      readonly language?: string;
      readonly at: RuleSource;
    }
  | {
      readonly kind: 'metavariable-comparison';
      readonly metavariable?: string;
      readonly comparison: string;
      readonly at: RuleSource;
    }
  | { readonly kind: 'focus'; readonly metavariables: readonly string[]; readonly at: RuleSource };

/** A taint rule's parts, each a formula. */
export interface TaintSpec {
  readonly sources: readonly Formula[];
  readonly sinks: readonly Formula[];
  readonly sanitizers: readonly Formula[];
  readonly propagators: readonly {
    readonly formula: Formula;
    readonly from: string;
    readonly to: string;
  }[];
}

/** Semgrep rule metadata that Rampart carries into findings. */
export interface RuleMetadata {
  readonly cwe: readonly string[];
  readonly owasp: readonly string[];
  readonly confidence?: 'high' | 'medium' | 'low';
  readonly references: readonly string[];
  /** Every other metadata key, as written. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/** One rule, validated and normalised. */
export interface Rule {
  readonly id: string;
  readonly message: string;
  readonly severity: Severity;
  readonly languages: readonly string[];
  readonly metadata: RuleMetadata;
  readonly paths: { readonly include: readonly string[]; readonly exclude: readonly string[] };
  readonly fix?: string;
  readonly mode: 'search' | 'taint';
  /** The search formula (mode `search`). */
  readonly formula?: Formula;
  /** The taint specification (mode `taint`). */
  readonly taint?: TaintSpec;
  readonly at: RuleSource;
}

/** A rule that cannot be run as written: reported by id and field, never mis-run. */
export interface RuleIssue {
  readonly ruleId: string;
  readonly field: string;
  readonly message: string;
  readonly at: RuleSource;
}
