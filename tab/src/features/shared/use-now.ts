import { useEffect, useRef, useState } from 'react';
import type { EpochMs } from '@grow-together/core';

/**
 * The time on the server's clock, re-read every `intervalMs` so a countdown moves. The clock is
 * the shell's `serverNow`, corrected by the stream's server times: every panel shows the same.
 */
export function useNow(readNow: () => EpochMs, intervalMs = 1_000): EpochMs {
  const [nowMs, setNowMs] = useState(readNow);
  const latestReadNow = useRef(readNow);
  latestReadNow.current = readNow;
  useEffect(() => {
    const timer = setInterval(() => setNowMs(latestReadNow.current()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return nowMs;
}
