import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type HistoryRequest, RampartError } from '@rampart/core';
import { type AddedLines, createDiffParser, LOG_FORMAT } from './diff-parser.js';

/** The git arguments for a history request. */
export function historyArgs(request: HistoryRequest): string[] {
  const common = ['-c', 'core.quotepath=off', '-c', 'diff.noprefix=false'];
  // --relative: only changes under the scan root, with paths relative to it, like the walker's.
  const diff = [
    '-p',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--unified=0',
    '--no-renames',
    '--relative',
  ];
  switch (request.kind) {
    case 'all':
      return [...common, 'log', '--all', LOG_FORMAT, ...diff];
    case 'since':
      if (request.ref.startsWith('-'))
        throw new RampartError('RAMPART_USAGE', `not a git ref: ${request.ref}`);
      return [...common, 'log', `${request.ref}..HEAD`, LOG_FORMAT, ...diff];
    case 'staged':
      return [...common, 'diff', '--cached', ...diff.filter((a) => a !== '-p')];
  }
}

/**
 * Streams the added lines of the requested history from a real `git`, one file diff at a
 * time, without holding the history in memory. Rejects with RAMPART_GIT (and git's own
 * message) when git fails, e.g. for an unknown ref.
 */
export async function* streamAddedLines(
  cwd: string,
  request: HistoryRequest,
  signal?: AbortSignal,
): AsyncGenerator<AddedLines> {
  const child = spawn('git', historyArgs(request), {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat' },
    ...(signal ? { signal } : {}),
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });

  const ready: AddedLines[] = [];
  const parser = createDiffParser((added) => ready.push(added));
  const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    parser.line(line);
    while (ready.length > 0) yield ready.shift() as AddedLines;
  }
  parser.end();
  while (ready.length > 0) yield ready.shift() as AddedLines;

  const code = await exited.catch((err: unknown) => {
    throw new RampartError(
      'RAMPART_GIT',
      `cannot run git: ${err instanceof Error ? err.message : String(err)}`,
    );
  });
  if (code !== 0) {
    const what =
      request.kind === 'since'
        ? `git log ${request.ref}..HEAD`
        : request.kind === 'all'
          ? 'git log --all'
          : 'git diff --cached';
    throw new RampartError(
      'RAMPART_GIT',
      `${what} failed: ${stderr.trim().split('\n')[0] ?? `exit code ${code}`}`,
      {
        hint:
          request.kind === 'since'
            ? `check that ${request.ref} exists here (in CI, fetch the full history)`
            : 'run it inside a git work tree',
      },
    );
  }
}
