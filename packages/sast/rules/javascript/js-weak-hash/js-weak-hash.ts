import { createHash, type BinaryLike } from 'crypto';

export function cacheKey(parts: BinaryLike[]): string {
  // ruleid: js-weak-hash
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest('hex') as string;
}

export function contentId(data: Buffer): string {
  // ok: js-weak-hash
  return createHash('sha256').update(data).digest('base64url');
}
