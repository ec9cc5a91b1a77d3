import type { Caller } from './caller.js';

// Checking a token's signature is most of what authentication costs, and a panel sends the same
// token with every request for an hour. So a token that passed every check is remembered, by its
// exact text, until it expires: the same text cannot carry different claims, and a changed
// character is a different key that is checked in full. Failures are never remembered, so a
// token refused once (a key not fetched yet, say) is checked again on the next request.

export interface VerifiedToken {
  readonly caller: Caller;
  /** The token's own `exp`, in ms: past it, the cache forgets the token. */
  readonly expiresAtMs: number;
}

export interface VerifiedTokenCache {
  /** The caller of a token verified earlier and not expired at `nowMs`, or null. */
  find(token: string, nowMs: number): Caller | null;
  remember(token: string, verified: VerifiedToken, nowMs: number): void;
}

export interface VerifiedTokenCacheOptions {
  /** Tokens remembered at once, least recently used forgotten first. */
  readonly maxEntries?: number;
  /**
   * How long a token is trusted without a fresh check, however far off its expiry: bounds how
   * long a change on the issuer's side (a key withdrawn) takes to reach a token already seen.
   */
  readonly maxAgeMs?: number;
}

/** A few thousand people signed in to one instance at once, with room to spare (~10 MB). */
export const MAX_CACHED_TOKENS = 5_000;
export const MAX_CACHED_TOKEN_AGE_MS = 5 * 60_000;

interface Entry {
  readonly caller: Caller;
  readonly forgetAtMs: number;
}

export function createVerifiedTokenCache(
  options: VerifiedTokenCacheOptions = {},
): VerifiedTokenCache {
  const maxEntries = options.maxEntries ?? MAX_CACHED_TOKENS;
  const maxAgeMs = options.maxAgeMs ?? MAX_CACHED_TOKEN_AGE_MS;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, Entry>();

  return {
    find(token, nowMs) {
      const entry = entries.get(token);
      if (entry === undefined) return null;
      entries.delete(token);
      if (nowMs >= entry.forgetAtMs) return null;
      entries.set(token, entry);
      return entry.caller;
    },

    remember(token, verified, nowMs) {
      const forgetAtMs = Math.min(verified.expiresAtMs, nowMs + maxAgeMs);
      if (forgetAtMs <= nowMs) return;
      entries.delete(token);
      entries.set(token, { caller: verified.caller, forgetAtMs });
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
    },
  };
}
