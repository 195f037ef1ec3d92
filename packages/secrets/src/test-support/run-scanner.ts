import {
  createScanTarget,
  defaultConfig,
  type FindingDraft,
  type HistoryRequest,
  type ProgressReporter,
  type Scanner,
  silentLogger,
  silentProgress,
} from '@rampart/core';

/** What a test may set for one scanner run. */
export interface ScanOptions {
  /** The `secrets:` section of rampart.yml. */
  readonly secrets?: Record<string, unknown>;
  readonly history?: HistoryRequest;
  readonly progress?: ProgressReporter;
}

/** Runs a scanner over a real folder, as the pipeline would, and collects its drafts. */
export async function scanFolder(
  scanner: Scanner,
  dir: string,
  options: ScanOptions = {},
): Promise<FindingDraft[]> {
  const target = await createScanTarget(dir);
  const ctx = {
    config: {
      ...defaultConfig(dir),
      scannerOptions: options.secrets ? { secrets: options.secrets } : {},
    },
    logger: silentLogger,
    progress: options.progress ?? silentProgress,
    signal: new AbortController().signal,
    cacheDir: dir,
    rulePaths: [],
    history: options.history,
  };
  const out: FindingDraft[] = [];
  for await (const f of scanner.scan(target, ctx)) out.push(f);
  return out;
}
