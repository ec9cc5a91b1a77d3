// A flood of bad or rotating credentials never reaches the per-person rate limit (each is refused
// before it, and each is a different key), so failed sign-ins are counted per address instead.

export interface FailedSignIns {
  /** Counts one refusal from `address`; the seconds to wait once over the limit, else null. */
  recordFailure(address: string, nowMs: number): number | null;
}

const WINDOW_MS = 60_000;
/** Addresses remembered at once; the oldest window goes first when a flood uses many addresses. */
const MAX_ADDRESSES = 10_000;

export function createFailedSignIns(limitPerMinute: number): FailedSignIns {
  const windows = new Map<string, { startMs: number; count: number }>();
  return {
    recordFailure(address, nowMs) {
      let window = windows.get(address);
      if (window === undefined || nowMs - window.startMs >= WINDOW_MS) {
        windows.delete(address);
        if (windows.size >= MAX_ADDRESSES) {
          const oldest = windows.keys().next();
          if (oldest.done !== true) windows.delete(oldest.value);
        }
        window = { startMs: nowMs, count: 0 };
        windows.set(address, window);
      }
      window.count += 1;
      if (window.count <= limitPerMinute) return null;
      return Math.max(1, Math.ceil((window.startMs + WINDOW_MS - nowMs) / 1000));
    },
  };
}
