import { crc32, toBase62 } from '@rampart/secrets';

/** A GitHub-format token with a valid checksum, built here so the repository never holds one. */
export function githubToken(seed: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let body = '';
  for (let i = 0; i < 30; i++)
    body += alphabet[(seed.charCodeAt(i % seed.length) * 31 + i * 7) % 62];
  return `ghp_${body}${toBase62(crc32(body), 6)}`;
}
