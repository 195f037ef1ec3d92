/**
 * In-memory limits on sign-in attempts, per client address and per username: at most
 * `limit` attempts in a fixed window (default 10 a minute), counted before the password is
 * checked, so guessing costs the attacker time and the hub no argon2 work. It also keeps the
 * lockout of usernames that do not exist, so that an unknown name locks exactly like a real
 * one and lockouts do not reveal which accounts exist (real accounts lock in the database,
 * shared by every instance; these limits are per instance).
 */
export interface LoginThrottleOptions {
  readonly now?: () => number;
  /** Attempts allowed per key and window. Default 10. */
  readonly limit?: number;
  /** The window, in ms. Default one minute. */
  readonly windowMs?: number;
  /** Keys kept at most (oldest dropped first), so a flood of names cannot exhaust memory. */
  readonly maxKeys?: number;
}

/** Consecutive failures that lock an account. */
export const LOCKOUT_FAILURES = 5;
/** How long a lockout lasts. */
export const LOCKOUT_MS = 15 * 60_000;

interface Window {
  start: number;
  count: number;
}

/** Sign-in attempt limits; one per hub instance. */
export class LoginThrottle {
  private readonly now: () => number;
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly windows = new Map<string, Window>();
  private readonly phantoms = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(options: LoginThrottleOptions = {}) {
    this.now = options.now ?? Date.now;
    this.limit = options.limit ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /**
   * Counts an attempt under each key; returns the seconds to wait when any key is over its
   * limit (the attempt is then refused), else 0.
   */
  attempt(keys: readonly string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      let window = this.windows.get(key);
      if (window === undefined || now - window.start >= this.windowMs) {
        window = { start: now, count: 0 };
        this.windows.delete(key);
        this.windows.set(key, window);
        this.trim(this.windows);
      }
      window.count += 1;
      if (window.count > this.limit) {
        wait = Math.max(wait, Math.ceil((window.start + this.windowMs - now) / 1000));
      }
    }
    return wait;
  }

  /** Until when an unknown username is "locked" (0 when it is not). */
  phantomLockedUntil(username: string): number {
    const entry = this.phantoms.get(username);
    return entry !== undefined && entry.lockedUntil > this.now() ? entry.lockedUntil : 0;
  }

  /** Counts a failed sign-in under an unknown username; returns the lock's end, or 0. */
  phantomFailure(username: string): number {
    const now = this.now();
    const entry = this.phantoms.get(username) ?? { failures: 0, lockedUntil: 0 };
    entry.failures += 1;
    if (entry.failures >= LOCKOUT_FAILURES) {
      entry.failures = 0;
      entry.lockedUntil = now + LOCKOUT_MS;
    }
    this.phantoms.delete(username);
    this.phantoms.set(username, entry);
    this.trim(this.phantoms);
    return entry.lockedUntil > now ? entry.lockedUntil : 0;
  }

  private trim(map: Map<string, unknown>): void {
    while (map.size > this.maxKeys) {
      const oldest = map.keys().next().value;
      if (oldest === undefined) break;
      map.delete(oldest);
    }
  }
}
