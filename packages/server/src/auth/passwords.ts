import { type Algorithm, hash, verify } from '@node-rs/argon2';

/**
 * Password hashing: argon2id with the OWASP Password Storage Cheat Sheet's first
 * recommended configuration (m = 19 MiB, t = 2, p = 1), which costs a few tens of
 * milliseconds per hash. The parameters travel in the PHC string, so raising them later
 * keeps old hashes verifiable.
 */
export const PASSWORD_HASH_OPTIONS = {
  // The package declares `Algorithm` as a const enum, which is absent at run time under
  // isolatedModules; 2 is its Argon2id member.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Passwords shorter than this are refused (OWASP ASVS 2.1.1). */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer ones are refused too: no more work per request than needed. */
export const MAX_PASSWORD_LENGTH = 256;

/** The argon2id hash (PHC string) of a password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Whether the password matches the hash. With no hash (unknown user, or a user without a
 * password) it still verifies against a dummy hash, so the answer takes as long either way
 * and response times do not tell which usernames exist.
 */
export async function verifyPassword(
  passwordHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (passwordHash === null || passwordHash === undefined) {
    dummyHash ??= hashPassword('rampart: no such user');
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}
