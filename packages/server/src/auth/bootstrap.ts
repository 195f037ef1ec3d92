import { randomBytes, randomUUID } from 'node:crypto';
import { UsageError } from '@rampart/core';
import type { HubDatabase } from '../db/database.js';
import { recordAudit } from './audit.js';
import { isUniqueViolation } from './input.js';
import { hashPassword } from './passwords.js';

/** An administrator just created, with the one-time password to print once. */
export interface NewAdmin {
  readonly username: string;
  /** Shown once; the user must change it at the first sign-in. */
  readonly password: string;
}

/** A random one-time password: 18 random bytes, 24 base64url characters. */
function oneTimePassword(): string {
  return randomBytes(18).toString('base64url');
}

async function insertAdmin(database: HubDatabase, username: string, at: number): Promise<NewAdmin> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const id = randomUUID();
  await database.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        username,
        display_name: username,
        password_hash: passwordHash,
        global_role: 'admin',
        must_change_password: 1,
        created_at: at,
      })
      .execute();
    await recordAudit(trx, at, {
      actorId: null,
      action: 'user.create',
      targetType: 'user',
      targetId: id,
      data: { username, globalRole: 'admin', by: 'bootstrap' },
    });
  });
  return { username, password };
}

async function adminExists(database: HubDatabase): Promise<boolean> {
  const row = await database.db
    .selectFrom('users')
    .select('id')
    .where('global_role', '=', 'admin')
    .where('disabled', '=', 0)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * First start: when no enabled administrator exists, creates one named `admin` (or
 * `admin-<random>` when that name is taken) with a random one-time password, which
 * `rampart serve` prints once; it must be changed at the first sign-in. Returns null when an
 * administrator exists, also when another instance starting at the same time created it.
 */
export async function ensureAdmin(
  database: HubDatabase,
  now: () => number = Date.now,
): Promise<NewAdmin | null> {
  if (await adminExists(database)) return null;
  const taken = await database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'admin')
    .executeTakeFirst();
  const username = taken ? `admin-${randomBytes(3).toString('hex')}` : 'admin';
  try {
    return await insertAdmin(database, username, now());
  } catch (error) {
    if (isUniqueViolation(error) && (await adminExists(database))) return null;
    throw error;
  }
}

/**
 * `rampart admin create <username>`: a new administrator with a random one-time password
 * (to change at the first sign-in). A taken username is a usage error.
 */
export async function createAdmin(
  database: HubDatabase,
  username: string,
  now: () => number = Date.now,
): Promise<NewAdmin> {
  const name = username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(name)) {
    throw new UsageError(
      `invalid username "${username}": use 1 to 64 of a-z, 0-9, ".", "_" and "-", starting with a letter or digit`,
    );
  }
  try {
    return await insertAdmin(database, name, now());
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new UsageError(`user "${name}" already exists: choose another name`);
    }
    throw error;
  }
}

/** Usernames: lower case letters, digits, ".", "_" and "-"; 1 to 64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
