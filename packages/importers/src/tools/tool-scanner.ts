import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join, relative, sep } from 'node:path';
import {
  ConfigError,
  type FindingDraft,
  RampartError,
  type ScanContext,
  type Scanner,
  type ScanTarget,
} from '@rampart/core';
import { IMPORTERS } from '../importers.js';
import { TOOL_COMMANDS } from './tool-commands.js';

/** rampart.yml's settings for one tool (`tools: { semgrep: { args: [...] } }`). */
export interface ToolSettings {
  readonly enabled?: boolean | undefined;
  /** The executable, when it is not the tool's usual name on PATH. */
  readonly command?: string | undefined;
  /** Extra arguments (for semgrep and trivy they replace the defaults `--config auto` / `--scanners vuln`). */
  readonly args?: readonly string[] | undefined;
  /** Seconds before the tool is stopped (default 600). */
  readonly timeout?: number | undefined;
}

const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const DEFAULT_TIMEOUT_SECONDS = 600;

async function onPath(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const candidates = command.includes('/')
    ? [command]
    : (env.PATH ?? '').split(delimiter).flatMap((dir) => (dir ? [join(dir, command)] : []));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  executable: string,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout or an abort stops the tool's children too
    // (semgrep runs semgrep-core, checkov its workers).
    const child = spawn(executable, args, {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stop = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    let stopped = false;
    const timer = setTimeout(() => {
      stopped = true;
      stop();
    }, timeoutMs);
    const onAbort = () => {
      stopped = true;
      stop();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) {
        stopped = true;
        stop();
      } else out.push(chunk);
    });
    // Only the end of stderr is kept: the error a tool prints last.
    child.stderr.on('data', (chunk: Buffer) => {
      err = `${err}${chunk.toString('utf8')}`.slice(-4000);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve({
        code: stopped ? null : code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: err,
      });
    });
  });
}

/** A finding path as the target names files: relative to the root, `/`-separated. */
function targetPath(root: string, path: string): string {
  if (!isAbsolute(path)) return path.replace(/^(?:\.\/)+/, '');
  const rel = relative(root, path);
  return rel.startsWith('..') ? path : rel.split(sep).join('/');
}

/** Keeps findings in files the scan covers (excludes, .gitignore, --diff-base apply). */
function inTarget(
  draft: FindingDraft,
  root: string,
  files: ReadonlySet<string>,
): FindingDraft | undefined {
  const loc = draft.location;
  if (loc.kind === 'code') {
    const path = targetPath(root, loc.path);
    return files.has(path) ? { ...draft, location: { ...loc, path } } : undefined;
  }
  if (loc.kind === 'package') {
    const manifestPath = targetPath(root, loc.manifestPath);
    return files.has(manifestPath) ? { ...draft, location: { ...loc, manifestPath } } : undefined;
  }
  return draft;
}

/**
 * A scanner that runs another tool over the scan root and imports its report: its findings
 * go through the same pipeline as Rampart's own (fingerprints, suppressions, gate). Only
 * findings in files the scan covers are kept, so excludes and `--diff-base` apply to them
 * too. A tool that is not on PATH is skipped with a warning; one that fails is an error.
 */
export function createToolScanner(id: string, settings: ToolSettings): Scanner {
  const tool = TOOL_COMMANDS[id];
  if (!tool) {
    throw new ConfigError(
      `tools.${id}: Rampart cannot run "${id}"; it runs ${Object.keys(TOOL_COMMANDS).join(', ')} (import other reports with \`rampart import\`)`,
    );
  }
  const importer = IMPORTERS.find((i) => i.id === tool.importer);
  if (!importer) throw new Error(`no importer ${tool.importer} for tool ${id}`);
  return {
    kind: tool.kind,
    description: `${id}, run by rampart and imported`,
    async *scan(target: ScanTarget, ctx: ScanContext): AsyncIterable<FindingDraft> {
      const command = settings.command ?? tool.command;
      const executable = await onPath(command, process.env);
      if (!executable) {
        ctx.logger.warn(
          `${id} is enabled in rampart.yml but \`${command}\` is not on PATH; skipped (install it, or set tools.${id}.command)`,
        );
        return;
      }
      const dir = await mkdtemp(join(tmpdir(), `rampart-${id}-`));
      try {
        const reportFile = join(dir, 'report.json');
        const timeout = (settings.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
        ctx.logger.debug(`running ${id}`, { executable });
        let result: Run;
        try {
          result = await run(
            executable,
            tool.args(target.root, reportFile, settings.args ?? []),
            target.root,
            timeout,
            ctx.signal,
          );
        } catch (err) {
          throw new RampartError(
            'RAMPART_TOOL_FAILED',
            `${id} could not be started: ${(err as Error).message}`,
          );
        }
        if (result.code !== 0 && !tool.findingsExitCodes.includes(result.code ?? -1)) {
          const last = result.stderr.trim().split('\n').slice(-3).join(' | ');
          throw new RampartError(
            'RAMPART_TOOL_FAILED',
            `${id} failed (${result.code === null ? 'stopped: timed out, too much output, or cancelled' : `exit code ${result.code}`})${last ? `: ${last}` : ''}`,
            { hint: `run it by hand to see why, or turn it off with tools.${id}.enabled: false` },
          );
        }
        let text = result.stdout;
        if (tool.output === 'file') {
          try {
            text = await readFile(reportFile, 'utf8');
          } catch {
            throw new RampartError('RAMPART_TOOL_FAILED', `${id} wrote no report`);
          }
        }
        const files = new Set(target.files.map((f) => f.path));
        for (const draft of importer.parse(text, { file: `${id} output` })) {
          const kept = inTarget(draft, target.root, files);
          if (kept) yield kept;
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The scanners of the tools rampart.yml enables, in its order. */
export function toolScanners(tools: Readonly<Record<string, ToolSettings>>): Scanner[] {
  return Object.entries(tools)
    .filter(([, settings]) => settings.enabled !== false)
    .map(([id, settings]) => createToolScanner(id, settings));
}
