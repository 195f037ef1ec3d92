import type { Confidence, Severity } from '@rampart/core';
import type { Document, LineCounter } from 'yaml';
import type { DockerfileDoc } from './parsers/dockerfile.js';
import type { TerraformDoc } from './parsers/terraform.js';

/** The kinds of file the iac scanner reads. */
export type IacKind = 'dockerfile' | 'kubernetes' | 'github-actions' | 'gitlab-ci' | 'terraform';

/** What a check is, for findings, docs and the registry test. */
export interface CheckMeta {
  /** kebab-case, unique, equal to the check's folder name. */
  readonly id: string;
  readonly kind: IacKind;
  readonly title: string;
  readonly severity: Severity;
  readonly confidence?: Confidence;
  /** `CWE-250`, …; empty when none applies. */
  readonly cwe: readonly string[];
  /** `A05:2021`, … */
  readonly owasp?: string;
  /** Why it matters, one or two sentences (the finding's message when the check gives none). */
  readonly description: string;
  /** The fix, concretely. */
  readonly remediation: string;
  readonly references: readonly string[];
}

/** Where a check found something: 1-based lines and columns, and an optional message. */
export interface CheckReport {
  readonly line: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** Replaces the description as the finding's message, naming what was found. */
  readonly message?: string;
  /** Replaces the source line as the snippet (a check that found a secret masks it). */
  readonly snippet?: string;
}

/** A parsed YAML file: its documents and the line counter that maps offsets to lines. */
export interface YamlDoc {
  readonly text: string;
  readonly documents: readonly Document.Parsed[];
  readonly lines: LineCounter;
}

/** The parsed form each kind of check reads. */
export interface ParsedByKind {
  readonly dockerfile: DockerfileDoc;
  readonly kubernetes: YamlDoc;
  readonly 'github-actions': YamlDoc;
  readonly 'gitlab-ci': YamlDoc;
  readonly terraform: TerraformDoc;
}

/** One check: its meta and the function that reports what it finds in one parsed file. */
export interface Check<K extends IacKind = IacKind> {
  readonly meta: CheckMeta & { readonly kind: K };
  check(doc: ParsedByKind[K], report: (found: CheckReport) => void): void;
}

/** Declares a check (keeps the kind of its document typed). */
export function defineCheck<K extends IacKind>(check: Check<K>): Check<K> {
  return check;
}
