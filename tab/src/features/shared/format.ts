import type { DurationMs } from '@grow-together/core';

// How the panel writes times and ratios. Pure, so views and tests agree on every figure.

/** A countdown as people read it on a clock: "4:05", "12:00", "1:02:03". */
export function formatClock(ms: DurationMs): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** A clock that counts up past a limit rounds up, so "0:01 over" shows as soon as it is over. */
export function formatOverrunClock(ms: DurationMs): string {
  return formatClock(Math.ceil(ms / 1000) * 1000);
}

export function formatPercent(ratio: number): string {
  return `${Math.round((Number.isFinite(ratio) ? ratio : 0) * 100)}%`;
}

/** A calendar date from an epoch time, in the reader's time zone: "2024-05-07". */
export function formatIsoDate(atMs: number): string {
  const date = new Date(atMs);
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}
