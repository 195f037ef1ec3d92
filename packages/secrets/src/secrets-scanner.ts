import { availableParallelism } from 'node:os';
import type { FindingDraft, Scanner, TargetFile } from '@rampart/core';
import type { Detector } from './detector.js';
import { DETECTORS } from './detectors/index.js';
import { createSecretMatcher } from './engine/matcher.js';
import {
  groupHistory,
  groupKey,
  historyHits,
  historyProperty,
} from './history/history-findings.js';
import { LARGE_FILE_BYTES, scanLargeFile, scanTextForSecrets } from './secret-findings.js';
import { parseSecretsOptions, type SecretsOptions } from './secrets-options.js';
import { scanInWorkers, workersAvailable } from './worker/worker-pool.js';

/** Below this much work, starting threads costs more than it saves. */
const WORKER_MIN_FILES = 500;
const WORKER_MIN_BYTES = 16 * 1024 * 1024;

/** How many worker threads to use for these files; 0 means the main thread. */
export function workerCount(
  options: SecretsOptions,
  files: readonly TargetFile[],
  builtIn: boolean,
): number {
  if (!builtIn || !workersAvailable()) return 0;
  if (typeof options.workers === 'number') return options.workers;
  const bytes = files.reduce((sum, f) => sum + f.size, 0);
  if (files.length < WORKER_MIN_FILES && bytes < WORKER_MIN_BYTES) return 0;
  return Math.min(availableParallelism(), 8);
}

/**
 * The `secrets` scanner. By default every text file of the target goes through every
 * detector. With `--history`/`--history-since` it also reads the added lines of every commit
 * from git: a secret still in the tree gets the commits that added it; one that is only in
 * the history is its own finding, because deleting a secret does not un-leak it. With
 * `--staged` it reads only the staged change (the pre-commit hook). A file that cannot be
 * read is a warning and the scan goes on.
 */
export function createSecretsScanner(detectors: readonly Detector[] = DETECTORS): Scanner {
  // Compiled on the first scan, not when the CLI starts (every command builds the registry).
  let compiled: ReturnType<typeof createSecretMatcher> | undefined;
  const matcherOf = () => {
    compiled ??= createSecretMatcher(detectors);
    return compiled;
  };
  return {
    kind: 'secrets',
    description: `credentials in files and git history (${detectors.length} detectors)`,
    async *scan(target, ctx) {
      const options = parseSecretsOptions(ctx.config.scannerOptions.secrets, ctx.config.path);
      const matcher = matcherOf();
      const history = ctx.history;

      if (history?.kind === 'staged') {
        for await (const hit of historyHits(target.root, history, matcher, options, ctx.signal))
          yield hit.draft;
        return;
      }

      const groups = history
        ? await groupHistory(historyHits(target.root, history, matcher, options, ctx.signal))
        : undefined;

      ctx.progress.setTotal(target.files.length);
      // A secret also found in the history carries the commits that added it.
      // Every tree finding of that secret gets it (one per file); the groups seen in the tree
      // are remembered so only the others become history-only findings.
      const inTree = new Set<string>();
      const withHistory = (draft: FindingDraft): FindingDraft => {
        const group = groups?.get(groupKey(draft));
        if (!group) return draft;
        inTree.add(groupKey(draft));
        return { ...draft, properties: { ...draft.properties, history: historyProperty(group) } };
      };

      const threads = workerCount(options, target.files, detectors === DETECTORS);
      if (threads > 0) {
        ctx.logger.debug(
          `secrets: scanning ${target.files.length} files on ${threads} worker threads`,
        );
        for await (const batch of scanInWorkers(target.files, options, threads, ctx.signal)) {
          for (const error of batch.errors)
            ctx.logger.warn(`secrets: cannot read ${error.path}; skipped`, {
              error: error.message,
            });
          for (const draft of batch.drafts) yield withHistory(draft);
          ctx.progress.advance(batch.files);
        }
      } else {
        for (const file of target.files) {
          if (ctx.signal.aborted) return;
          let text: string;
          try {
            if (file.size > LARGE_FILE_BYTES) {
              for (const d of scanLargeFile(file.absolutePath, file.path, matcher, options))
                yield withHistory(d);
              ctx.progress.advance();
              continue;
            }
            text = await target.readText(file.path);
          } catch (err) {
            ctx.logger.warn(`secrets: cannot read ${file.path}; skipped`, {
              error: err instanceof Error ? err.message : String(err),
            });
            ctx.progress.advance();
            continue;
          }
          for (const draft of scanTextForSecrets(file.path, text, matcher, options))
            yield withHistory(draft);
          ctx.progress.advance();
        }
      }

      for (const [key, group] of groups ?? []) {
        if (inTree.has(key)) continue;
        const first = group.occurrences[0];
        const draft: FindingDraft = group.draft;
        yield {
          ...draft,
          message: `${draft.title} (${draft.secret?.preview ?? 'redacted'}) was committed${first ? ` in ${first.commit.slice(0, 12)} by ${first.author} on ${first.date.slice(0, 10)}` : ''} and is gone from the working tree, but it is still in the git history: revoke and rotate it.`,
          tags: [...draft.tags, 'history-only'],
          properties: {
            ...draft.properties,
            deletedFromTree: true,
            history: historyProperty(group),
          },
        };
      }
    },
  };
}
