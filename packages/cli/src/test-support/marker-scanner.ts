import type { FindingDraft, Scanner, Severity } from '@rampart/core';
import type { CliIo, OutputStream } from '../cli-io.js';

/**
 * A scanner defined for tests: every line containing `VULN(<severity>)` is a finding of rule
 * `test.marker` at that severity. It reads files through the target like a real scanner.
 */
export function markerScanner(
  kind: Scanner['kind'] = 'sast',
  options: { failOn?: string } = {},
): Scanner {
  return {
    kind,
    description: 'test marker scanner',
    async *scan(target, ctx) {
      ctx.progress.setTotal(target.files.length);
      for (const file of target.files) {
        if (options.failOn && file.path.includes(options.failOn))
          throw new Error(`cannot scan ${file.path}`);
        const lines = (await target.readText(file.path)).split('\n');
        for (const [i, line] of lines.entries()) {
          const m = /VULN\((critical|high|medium|low|info)\)/.exec(line);
          if (!m) continue;
          const draft: FindingDraft = {
            ruleId: `${kind}.test.marker`,
            scanner: kind,
            tool: { name: 'rampart', version: 'test' },
            title: 'Test marker',
            message: `marker of severity ${m[1]}`,
            severity: m[1] as Severity,
            confidence: 'high',
            cwe: ['CWE-94'],
            owasp: 'A03:2021',
            location: {
              kind: 'code',
              path: file.path,
              region: {
                startLine: i + 1,
                startColumn: m.index + 1,
                endLine: i + 1,
                endColumn: m.index + m[0].length + 1,
              },
              snippet: line,
            },
            remediation: 'Remove the marker.',
            references: ['https://example.com/marker'],
            tags: ['test'],
          };
          yield draft;
        }
        ctx.progress.advance();
      }
    },
  };
}

/** An output stream that keeps what is written. */
export function captureStream(
  options: { isTTY?: boolean; columns?: number } = {},
): OutputStream & { text(): string } {
  const chunks: string[] = [];
  return {
    isTTY: options.isTTY ?? false,
    columns: options.columns ?? 100,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
  };
}

/** A CliIo over captured streams in `cwd`. */
export function captureIo(
  cwd: string,
  env: Record<string, string | undefined> = {},
  tty = false,
): CliIo & { stdout: ReturnType<typeof captureStream>; stderr: ReturnType<typeof captureStream> } {
  return { cwd, env, stdout: captureStream({ isTTY: tty }), stderr: captureStream({ isTTY: tty }) };
}
