/** Just enough shell to tell where a command's output goes. */

/** One command of a script (split at newlines, `;`, `&&`, `||`), pipes kept together. */
export interface ShellCommand {
  /** Offsets of the command in the script. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Per character of `text`: the quote it is in (`'`, `"`), or '' outside quotes. */
  readonly quoting: readonly string[];
}

/** The commands of a script; comments are dropped, quotes respected, `\` line ends joined. */
export function commandsOf(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let start = 0;
  let quote = '';
  let quoting: string[] = [];
  const cut = (end: number, next: number) => {
    const text = script.slice(start, end);
    if (text.trim() !== '')
      commands.push({ start, end, text, quoting: quoting.slice(0, text.length) });
    start = next;
    quoting = [];
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i] ?? '';
    const after = script[i + 1] ?? '';
    if (quote === "'") {
      quoting.push(quote);
      if (c === "'") quote = '';
      continue;
    }
    if (c === '\\') {
      quoting.push(quote, quote);
      i++;
      continue;
    }
    if (quote === '"') {
      quoting.push(quote);
      if (c === '"') quote = '';
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      quoting.push(c);
      continue;
    }
    // A `${{ }}` expression is replaced before the shell runs: never an operator.
    if (c === '$' && after === '{' && script[i + 2] === '{') {
      const close = script.indexOf('}}', i);
      const end = close < 0 ? script.length : close + 2;
      for (let j = i; j < end; j++) quoting.push('{');
      i = end - 1;
      continue;
    }
    if (c === '#' && (i === start || /\s/.test(script[i - 1] ?? ''))) {
      const eol = script.indexOf('\n', i);
      cut(i, eol < 0 ? script.length : eol);
      i = (eol < 0 ? script.length : eol) - 1;
      continue;
    }
    if (c === '\n' || c === ';') {
      cut(i, i + 1);
      continue;
    }
    if ((c === '&' && after === '&') || (c === '|' && after === '|')) {
      cut(i, i + 2);
      i++;
      continue;
    }
    quoting.push('');
  }
  cut(script.length, script.length);
  return commands;
}

/** Where a command's output goes, seen from a secret it prints. */
export type Sink = 'log' | 'encoded-log' | 'output' | 'summary';

/** The parts of a command between unquoted `|`. */
function stages(cmd: ShellCommand): { start: number; text: string }[] {
  const parts: { start: number; text: string }[] = [];
  let from = 0;
  for (let i = 0; i <= cmd.text.length; i++) {
    const bar = i < cmd.text.length && cmd.text[i] === '|' && cmd.quoting[i] === '';
    if (!bar && i < cmd.text.length) continue;
    parts.push({ start: from, text: cmd.text.slice(from, i) });
    from = i + 1;
  }
  return parts;
}

/** Where a stage sends its standard output: the log (unredirected or to stderr), a file, or a GitHub file. */
function stdoutOf(cmd: ShellCommand, stage: { start: number; text: string }): Sink | 'file' {
  let sink: Sink | 'file' = 'log';
  for (const m of stage.text.matchAll(/(\d*|&)(>>?\|?)(&?)[ \t]*/g)) {
    const at = stage.start + (m.index ?? 0);
    if (cmd.quoting[at + (m[1]?.length ?? 0)] !== '') continue;
    const fd = m[1] ?? '';
    if (fd !== '' && fd !== '1' && fd !== '&') continue;
    const rest = stage.text.slice((m.index ?? 0) + m[0].length);
    const target = (m[3] ?? '') + (rest.match(/^(?:"[^"]*"|'[^']*'|[^\s;|&<>])+/)?.[0] ?? '');
    const bare = target.replace(/["']/g, '');
    if (bare === '&2' || bare === '/dev/stderr' || bare === '/dev/stdout' || bare === '&1')
      sink = 'log';
    else if (/GITHUB_OUTPUT\b/.test(bare)) sink = 'output';
    else if (/GITHUB_STEP_SUMMARY\b/.test(bare)) sink = 'summary';
    else sink = 'file';
  }
  return sink;
}

const PREFIXES = new Set(['sudo', 'then', 'else', 'do', '{', '(', '!', 'command', 'builtin']);

/** The first word of a stage (past `sudo` and `VAR=value` prefixes). */
function program(text: string): string {
  const words = text.trim().split(/\s+/);
  while (PREFIXES.has(words[0] ?? '') || /^[A-Za-z_]\w*=/.test(words[0] ?? '')) words.shift();
  return words[0] ?? '';
}

const PRINTERS = new Set(['echo', 'printf']);
const ENCODERS = new Set(['base64', 'xxd', 'od', 'hexdump', 'rev', 'basenc', 'base32']);

/**
 * Where the secret at `offset` (relative to the command) ends up when the command prints it:
 * `echo`/`printf`/`cat <<<` writing to the log, to `$GITHUB_OUTPUT` or `$GITHUB_STEP_SUMMARY`,
 * or piped through an encoder into the log. Undefined when the output goes to a program or a
 * file (`echo "$TOKEN" | docker login --password-stdin` is how secrets are meant to be passed).
 */
export function secretSink(cmd: ShellCommand, offset: number): Sink | undefined {
  if (/::add-mask::/.test(cmd.text)) return undefined;
  const parts = stages(cmd);
  const first = parts[0];
  if (!first || offset >= first.start + first.text.length) return undefined;
  const name = program(first.text);
  const prints = PRINTERS.has(name) || (name === 'cat' && /<<<(?!<)/.test(first.text));
  if (!prints) return undefined;
  if (/::set-output\s/.test(cmd.text)) return 'output';
  if (parts.length === 1) {
    const sink = stdoutOf(cmd, first);
    return sink === 'file' ? undefined : sink;
  }
  // Piped: only an encoder (or tee) passing the secret on to the log is a leak.
  const rest = parts.slice(1);
  const passOn = rest.every((p) => ENCODERS.has(program(p.text)) || program(p.text) === 'tee');
  const last = rest[rest.length - 1];
  if (!passOn || !last) return undefined;
  const sink = stdoutOf(cmd, last);
  if (sink === 'file') return undefined;
  return sink === 'log' && rest.some((p) => ENCODERS.has(program(p.text))) ? 'encoded-log' : sink;
}
