import { styleText } from 'node:util';
import type { LogFields, Logger } from '@rampart/core';
import type { OutputStream } from './cli-io.js';

/** How much the CLI says on stderr. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';

function formatFields(fields: LogFields | undefined): string {
  if (!fields) return '';
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/**
 * The CLI's logger: one line per message on stderr, `warn`/`error` always (unless quiet
 * for warn), `info` normally, `debug` only with --verbose.
 */
export function createCliLogger(
  stream: OutputStream,
  verbosity: Verbosity,
  color: boolean,
): Logger {
  const paint = (style: Parameters<typeof styleText>[0], text: string) =>
    color ? styleText(style, text) : text;
  const line = (label: string, message: string, fields: LogFields | undefined) => {
    stream.write(`${label}${message}${formatFields(fields)}\n`);
  };
  return {
    debug(message, fields) {
      if (verbosity === 'verbose') line(paint('dim', 'debug: '), message, fields);
    },
    info(message, fields) {
      if (verbosity !== 'quiet') line('', message, fields);
    },
    warn(message, fields) {
      if (verbosity !== 'quiet') line(paint('yellow', 'warning: '), message, fields);
    },
    error(message, fields) {
      line(paint('red', 'error: '), message, fields);
    },
  };
}
