import type { ScanReport } from '@rampart/core';

/** A training module as reports name it. */
export interface TrainingModuleRef {
  readonly id: string;
  readonly title: string;
  readonly minutes: number;
}

/** The module teaching the first of `cwes` that has one. */
export type TrainingLookup = (cwes: readonly string[]) => TrainingModuleRef | undefined;

/** How a reporter should render. */
export interface RenderContext {
  /** Whether ANSI colours may be used. */
  readonly color: boolean;
  /** Terminal width, when known. */
  readonly columns?: number | undefined;
  /** Absolute path of the scan root (finding paths are relative to it). */
  readonly rootDir?: string | undefined;
  /**
   * The training link template from rampart.yml (`training.url`: `{module}` is the module id,
   * `{cwe}` the CWE number) and the team that owns the repository (`team`: its champion);
   * both optional.
   */
  readonly trainingUrl?: string | undefined;
  /** The training module of a finding's CWEs, from Rampart's catalog (training-lookup.ts). */
  readonly training?: TrainingLookup | undefined;
  readonly team?:
    | {
        readonly name?: string | undefined;
        readonly champion?: string | undefined;
        readonly championUrl?: string | undefined;
      }
    | undefined;
}

/**
 * One output format of `rampart scan --format`. Adding a format is one module implementing
 * this and one line in the registry (reporters/index.ts).
 */
export interface Reporter {
  readonly format: string;
  readonly description: string;
  /** Formats for machines: their output goes to stdout and human messages go to stderr. */
  readonly machine: boolean;
  render(report: ScanReport, ctx: RenderContext): string;
}
