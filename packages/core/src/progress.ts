/**
 * How a scanner tells how far it is. The pipeline hands each scanner its own reporter;
 * the CLI draws a bar on a TTY and nothing elsewhere.
 */
export interface ProgressReporter {
  /** Sets (or raises) the number of units of work, e.g. files, this task will do. */
  setTotal(total: number): void;
  /** Marks `count` more units done. */
  advance(count?: number): void;
}

/** A sink that receives every task's state; implemented by the CLI's progress bar. */
export interface ProgressSink {
  update(task: string, done: number, total: number): void;
  /** Called once at the end so the sink can clear itself. */
  finish(): void;
}

/** A reporter that ignores everything. */
export const silentProgress: ProgressReporter = Object.freeze({
  setTotal() {},
  advance() {},
});

/** Creates the reporter for one named task (a scanner) that forwards to `sink`. */
export function createTaskProgress(task: string, sink: ProgressSink): ProgressReporter {
  let done = 0;
  let total = 0;
  return {
    setTotal(n: number) {
      total = Math.max(total, n);
      sink.update(task, done, total);
    },
    advance(count = 1) {
      done += count;
      if (done > total) total = done;
      sink.update(task, done, total);
    },
  };
}
