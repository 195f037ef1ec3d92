import type { FindingDraft } from '@rampart/core';
import type { SecretsOptions } from '../secrets-options.js';

/** Scanner options as they cross to a worker (a RegExp does not survive structured clone). */
export interface SerializedOptions {
  readonly hashSalt: string;
  readonly decodeBase64: boolean;
  readonly workers: 'auto' | number;
  readonly allow: readonly {
    readonly detector: string | undefined;
    readonly source: string;
    readonly flags: string;
  }[];
}

/** One batch of files for a worker. */
export interface WorkerRequest {
  readonly id: number;
  readonly files: readonly {
    readonly path: string;
    readonly absolutePath: string;
    readonly size: number;
  }[];
}

/** A worker's answer for one batch. */
export interface WorkerResponse {
  readonly id: number;
  readonly drafts: readonly FindingDraft[];
  readonly errors: readonly { readonly path: string; readonly message: string }[];
  readonly files: number;
}

/** Options → their cloneable form. */
export function serializeOptions(options: SecretsOptions): SerializedOptions {
  return {
    ...options,
    allow: options.allow.map((a) => ({
      detector: a.detector,
      source: a.regex.source,
      flags: a.regex.flags,
    })),
  };
}

/** The cloneable form → options. */
export function reviveOptions(options: SerializedOptions): SecretsOptions {
  return {
    ...options,
    allow: options.allow.map((a) => ({
      detector: a.detector,
      regex: new RegExp(a.source, a.flags),
    })),
  };
}
