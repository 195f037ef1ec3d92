import type { ProgressSink } from '@rampart/core';
import type { OutputStream } from './cli-io.js';

/** Redraws at most this often, so progress never slows a scan. */
const FRAME_MS = 80;

/**
 * A one-line progress display on a TTY: `sast 120/300 ▰▰▰▱▱ · secrets 300/300 ✓`.
 * It rewrites itself with `\r` and clears itself when the scan finishes.
 */
export function createProgressBar(
  stream: OutputStream,
  now: () => number = Date.now,
): ProgressSink {
  const tasks = new Map<string, { done: number; total: number }>();
  let last = 0;
  let drawn = false;
  const render = () => {
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    const parts = [...tasks].map(([task, { done, total }]) => {
      if (total > 0 && done >= total) return `${task} ${done}/${total} ✓`;
      const cells = 10;
      const filled = total > 0 ? Math.min(cells, Math.floor((done / total) * cells)) : 0;
      return `${task} ${done}/${total} ${'▰'.repeat(filled)}${'▱'.repeat(cells - filled)}`;
    });
    let text = `scanning: ${parts.join(' · ')}`;
    if (text.length > width) text = `${text.slice(0, width - 1)}…`;
    stream.write(`\r\x1b[2K${text}`);
    drawn = true;
  };
  return {
    update(task, done, total) {
      tasks.set(task, { done, total });
      const t = now();
      if (t - last >= FRAME_MS || (total > 0 && done >= total)) {
        last = t;
        render();
      }
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

/** Whether to show progress: only on a TTY, never in CI or with --no-progress. */
export function wantsProgress(
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
  flag: boolean,
): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return flag && stream.isTTY === true && !ci && env.TERM !== 'dumb';
}
