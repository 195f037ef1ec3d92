import type { FindingDraft, HistoryRequest } from '@rampart/core';
import type { SecretMatcher } from '../engine/matcher.js';
import { scanTextForSecrets } from '../secret-findings.js';
import type { SecretsOptions } from '../secrets-options.js';
import type { CommitInfo } from './diff-parser.js';
import { streamAddedLines } from './git-history.js';

/** A secret found in one commit's (or the staged change's) added lines. */
export interface HistoryHit {
  readonly draft: FindingDraft;
  readonly commit: CommitInfo | undefined;
}

/** Streams the secrets added by each commit of the requested history (or by the staged change). */
export async function* historyHits(
  root: string,
  request: HistoryRequest,
  matcher: SecretMatcher,
  options: SecretsOptions,
  signal?: AbortSignal,
): AsyncGenerator<HistoryHit> {
  for await (const added of streamAddedLines(root, request, signal)) {
    const text = added.texts.join('\n');
    for (const draft of scanTextForSecrets(added.path, text, matcher, options, {
      lineNumbers: added.lines,
    })) {
      yield { draft, commit: added.commit };
    }
  }
}

/** One place a secret was committed. */
export interface Occurrence {
  readonly commit: string;
  readonly author: string;
  readonly date: string;
  readonly path: string;
  readonly line: number;
}

/** All the commits that added one secret (same detector, same value). */
export interface HistoryGroup {
  /** The newest commit's finding (git log lists newest first). */
  readonly draft: FindingDraft;
  readonly occurrences: Occurrence[];
}

/** Keeps at most this many occurrences per secret in a report; the count is always exact. */
export const MAX_OCCURRENCES = 50;

/** The key that makes the same secret in many commits one finding. */
export function groupKey(draft: FindingDraft): string {
  return `${draft.ruleId}\0${draft.secret?.hash ?? ''}`;
}

/** Groups history hits by secret, newest commit first. */
export async function groupHistory(
  hits: AsyncIterable<HistoryHit>,
): Promise<Map<string, HistoryGroup & { count: number }>> {
  const groups = new Map<string, HistoryGroup & { count: number }>();
  for await (const { draft, commit } of hits) {
    if (!commit || draft.location.kind !== 'code') continue;
    const key = groupKey(draft);
    let group = groups.get(key);
    if (!group) {
      group = { draft, occurrences: [], count: 0 };
      groups.set(key, group);
    }
    group.count++;
    if (group.occurrences.length < MAX_OCCURRENCES) {
      group.occurrences.push({
        commit: commit.commit,
        author: commit.author,
        date: commit.date,
        path: draft.location.path,
        line: draft.location.region.startLine,
      });
    }
  }
  return groups;
}

/** What `properties.history` of a secret finding holds. */
export type HistoryJson = {
  commits: number;
  occurrences: { commit: string; author: string; date: string; path: string; line: number }[];
};

/** The JSON a finding carries about the commits that added its secret. */
export function historyProperty(group: HistoryGroup & { count: number }): HistoryJson {
  return { commits: group.count, occurrences: group.occurrences.map((o) => ({ ...o })) };
}
