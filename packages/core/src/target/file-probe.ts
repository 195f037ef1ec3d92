import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { SkippedFile, TargetFile } from '../scanner.js';

/** Git reads this many bytes to decide whether a file is binary (`buffer_is_binary`). */
export const BINARY_SNIFF_BYTES = 8000;

// Never follow a symlink swapped in after readdir, never block on a FIFO. Windows lacks both flags.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

// Probing is synchronous, so one buffer serves every call.
const sniffBuffer = Buffer.alloc(BINARY_SNIFF_BYTES);

/** A file found by the walker, kept or skipped; undefined when it is not a regular file after all. */
export type ProbeResult =
  | { readonly kind: 'file'; readonly file: TargetFile }
  | { readonly kind: 'skipped'; readonly skipped: SkippedFile }
  | undefined;

/**
 * Decides whether one file is scanned: too large (from its size, without reading it),
 * binary (a NUL byte in its first 8000 bytes, as git decides), or unreadable.
 * Reads at most {@link BINARY_SNIFF_BYTES} bytes.
 *
 * Synchronous on purpose: four thread-pool round trips per file made the walk twice as slow
 * (measured: ~19k against ~45k files/s). Each call takes microseconds, and the walker yields
 * to the event loop between small batches so a server stays responsive.
 */
export function probeFile(absolutePath: string, path: string, maxFileBytes: number): ProbeResult {
  let fd: number | undefined;
  try {
    fd = openSync(absolutePath, OPEN_FLAGS);
    const stats = fstatSync(fd);
    if (!stats.isFile()) return undefined;
    const size = stats.size;
    if (size > maxFileBytes) {
      return skip(
        path,
        'too-large',
        `${formatBytes(size)} is over the ${formatBytes(maxFileBytes)} limit; raise maxFileSize in rampart.yml to scan it`,
      );
    }
    if (size > 0) {
      const bytesRead = readSync(fd, sniffBuffer, 0, Math.min(size, BINARY_SNIFF_BYTES), 0);
      if (sniffBuffer.subarray(0, bytesRead).includes(0)) {
        return skip(path, 'binary', 'binary file (NUL byte in the first 8000 bytes)');
      }
    }
    return { kind: 'file', file: { path, absolutePath, size } };
  } catch (err) {
    return skip(path, 'unreadable', err instanceof Error ? err.message : String(err));
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Nothing useful to do: the verdict stands.
      }
    }
  }
}

function skip(path: string, reason: SkippedFile['reason'], detail: string): ProbeResult {
  return { kind: 'skipped', skipped: { path, reason, detail } };
}

/** Formats a byte count for people: `12 B`, `1.5 MiB (1572864 bytes)`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['B', 'KiB', 'MiB', 'GiB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${Math.round(value * 10) / 10} ${units[unit]} (${bytes} bytes)`;
}
