import type { FindingDraft } from '@rampart/core';
import type { Rule } from '../rules/rule.js';

/** What every sast worker is started with: the rules, loaded once by the main thread. */
export interface SastWorkerData {
  readonly rules: readonly Rule[];
}

/** One batch of files for a worker. */
export interface SastWorkerRequest {
  readonly id: number;
  readonly files: readonly {
    readonly path: string;
    readonly absolutePath: string;
    readonly language: string;
  }[];
}

/** A worker's answer for one batch. */
export interface SastWorkerResponse {
  readonly id: number;
  readonly drafts: readonly FindingDraft[];
  readonly unreadable: readonly { readonly path: string; readonly message: string }[];
  readonly unparsable: readonly { readonly path: string; readonly line: number }[];
  readonly partial: readonly { readonly path: string; readonly line: number }[];
  readonly unsupported: readonly { readonly ruleId: string; readonly message: string }[];
  readonly files: number;
}
