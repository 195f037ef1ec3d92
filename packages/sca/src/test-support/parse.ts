import type { LockfileParser, ParseContext, ParseResult } from '../types.js';

/**
 * Runs `parser` on `text` as if it were the file at `path`, with `siblings` (paths relative
 * to that file's directory) as the other files present.
 */
export async function parseText(
  parser: LockfileParser,
  text: string,
  path: string,
  siblings: Readonly<Record<string, string>> = {},
): Promise<ParseResult> {
  const ctx: ParseContext = {
    path,
    readSibling: async (relative) => siblings[relative],
  };
  return parser.parse(text, ctx);
}
