import type { RampartConfig } from './config/config-schema.js';
import type { FindingDraft, ScannerKind } from './finding/finding.js';
import type { Logger } from './logger.js';
import type { ProgressReporter } from './progress.js';
import type { GitFacts } from './target/git.js';

/** One file of the scan target. */
export interface TargetFile {
  /** Path relative to the scan root, `/`-separated. This is the path findings carry. */
  readonly path: string;
  /** Absolute path on disk. */
  readonly absolutePath: string;
  /** Size in bytes. */
  readonly size: number;
}

/** Why a file was left out of the scan (reported, never silent). */
export type SkipReason = 'binary' | 'too-large' | 'symlink' | 'unreadable';

/** A file left out, with the reason. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
  /** Human detail, e.g. the size and the limit, or the error. */
  readonly detail: string;
}

/** What a scan looks at: the root, its files, and what git knows about it. */
export interface ScanTarget {
  /** Absolute path of the scan root. */
  readonly root: string;
  /** Files to scan, sorted by path; ignore files, excludes, binaries and oversized files removed. */
  readonly files: readonly TargetFile[];
  /** Files that were found but left out, with why. */
  readonly skipped: readonly SkippedFile[];
  /** Git facts when the root is inside a git work tree. */
  readonly git: GitFacts | undefined;
  /**
   * Reads a target file as UTF-8. Concurrent reads share one disk read, and recent texts are
   * kept (bounded): the target is a snapshot, not a live view of the disk.
   */
  readText(path: string): Promise<string>;
  /**
   * Files whose format the user declared, by path (e.g. `--sbom FILE` declares a CycloneDX
   * SBOM whatever its name); scanners otherwise recognise files by name.
   */
  readonly formats?: Readonly<Record<string, string>> | undefined;
}

/**
 * Which git history a scan covers besides the working tree (`--history`, `--history-since`),
 * or `staged`: only the staged change (`--staged`, the pre-commit hook's fast path).
 */
export type HistoryRequest =
  | { readonly kind: 'all' }
  | { readonly kind: 'since'; readonly ref: string }
  | { readonly kind: 'staged' };

/** Everything a scanner may use besides the target. */
export interface ScanContext {
  readonly config: RampartConfig;
  readonly logger: Logger;
  readonly progress: ProgressReporter;
  readonly signal: AbortSignal;
  /** Where a scanner may keep caches (the OSV database among them). */
  readonly cacheDir: string;
  /** Extra rule files or folders given with `--rules`. */
  readonly rulePaths: readonly string[];
  /**
   * Set when the scan covers only the files a change touched (`--diff-base`): checks that
   * judge the whole repository (the paved road's pipeline and scanner checks) leave
   * themselves out, since the rest of the repository is not in the target.
   */
  readonly diffBase?: string | undefined;
  /** Set when the scan covers git history or only the staged change. */
  readonly history?: HistoryRequest | undefined;
  /**
   * True when the user named this scanner (`--scanners`, or `scanners:` in rampart.yml).
   * A scanner that cannot run at all (e.g. no vulnerability database) then fails with a
   * coded error; when it merely runs by default it warns and yields what it can.
   */
  readonly requested?: boolean | undefined;
}

/**
 * Every scanner is this shape. It yields findings as it finds them; the pipeline
 * fingerprints, suppresses and gates them. A scanner reports a problem with one file
 * through `ctx.logger.warn` and goes on: one bad file never stops a scan.
 */
export interface Scanner {
  readonly kind: ScannerKind;
  /** A one-line description for `--help` and reports. */
  readonly description: string;
  scan(target: ScanTarget, ctx: ScanContext): AsyncIterable<FindingDraft>;
}
