import { isObject } from './openapi-document.js';

/** How deep a chain of `$ref`s pointing at `$ref`s may go before it counts as a cycle. */
const MAX_CHAIN = 32;

/**
 * Resolves local `$ref`s (`#/components/...`, `#/definitions/...`, `#/parameters/...`) in one
 * document. External references and broken pointers are reported through `warn` once each
 * and resolve to `undefined`, so discovery skips what it cannot see.
 */
export class RefResolver {
  private readonly warned = new Set<string>();

  constructor(
    private readonly root: unknown,
    private readonly warn: (message: string) => void,
  ) {}

  /**
   * `node` with its `$ref` chain followed: the object it points at, or `node` itself when it
   * is an object without `$ref`; `undefined` for anything unresolvable or not an object.
   */
  resolve(node: unknown): Record<string, unknown> | undefined {
    let current = node;
    const seen = new Set<string>();
    for (let i = 0; i < MAX_CHAIN; i++) {
      if (!isObject(current)) return undefined;
      const ref = current.$ref;
      if (typeof ref !== 'string') return current;
      if (seen.has(ref)) {
        this.warnOnce(`$ref cycle at ${ref}: skipped`);
        return undefined;
      }
      seen.add(ref);
      current = this.lookup(ref);
      if (current === undefined) return undefined;
    }
    this.warnOnce('$ref chain too long: skipped');
    return undefined;
  }

  /** The value a reference points at, or `undefined` (with a warning) when it cannot be followed. */
  lookup(ref: string): unknown {
    if (!ref.startsWith('#')) {
      this.warnOnce(`external $ref "${ref.slice(0, 200)}" is not followed: skipped`);
      return undefined;
    }
    const pointer = ref.slice(1);
    if (pointer === '') return this.root;
    if (!pointer.startsWith('/')) {
      this.warnOnce(`$ref "${ref.slice(0, 200)}" is not a JSON pointer: skipped`);
      return undefined;
    }
    let current: unknown = this.root;
    for (const raw of pointer.slice(1).split('/')) {
      const token = decodeToken(raw);
      if (Array.isArray(current) && /^\d+$/.test(token)) current = current[Number(token)];
      else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
      else current = undefined;
      if (current === undefined) {
        this.warnOnce(`$ref "${ref.slice(0, 200)}" points at nothing: skipped`);
        return undefined;
      }
    }
    return current;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warn(message);
  }
}

/** The last segment of a `$ref` (`#/components/schemas/Pet` → `Pet`), for XML element names. */
export function refName(node: unknown): string | undefined {
  if (!isObject(node) || typeof node.$ref !== 'string') return undefined;
  const last = node.$ref.split('/').pop();
  return last ? decodeToken(last) : undefined;
}

function decodeToken(raw: string): string {
  let token = raw;
  try {
    token = decodeURIComponent(raw);
  } catch {
    // A stray % is taken literally.
  }
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}
