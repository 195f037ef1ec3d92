import { createRequire } from 'node:module';
import type { ParseError as JsoncError } from 'jsonc-parser';
import { ParseError } from '../errors.js';

/** Line and column (1-based) of a character offset in `text`. */
export function offsetToPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const READABLE: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected content after the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

/**
 * `JSON.parse` whose errors name the file, line and column. The fast native parser does the
 * work; only when it fails does jsonc-parser (strict mode) locate the first error, because
 * V8's messages do not always give a position.
 * @example parseJsonText(await readFile(p, 'utf8'), p)
 */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (cause) {
    // Loaded only when a file is broken: the error path is rare and the parser is not small.
    const { parse: parseJsonc, printParseErrorCode } = createRequire(import.meta.url)(
      'jsonc-parser',
    ) as typeof import('jsonc-parser');
    const errors: JsoncError[] = [];
    parseJsonc(body, errors, {
      disallowComments: true,
      allowTrailingComma: false,
      allowEmptyContent: false,
    });
    const first = errors[0];
    const offset = first?.offset ?? body.length;
    const code = first ? printParseErrorCode(first.error) : undefined;
    const what =
      (code && READABLE[code]) ??
      (cause instanceof Error ? cause.message.split('\n')[0] : 'not JSON');
    const { line, column } = offsetToPosition(body, offset);
    throw new ParseError({ file, line, column }, `invalid JSON: ${what}`, { cause });
  }
}
