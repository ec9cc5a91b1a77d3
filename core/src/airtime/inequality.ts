// The session's fairness measures over the roster (METRICS.md `gini` and `balance`). When there is
// no inequality to measure (nobody on the roster, one person, or nobody spoke) both read "perfectly
// equal": gini 0 and balance 1. They always agree that way, and a reader tells "nobody spoke" from
// the talk times, not from these two.

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄), where 2 n² x̄ = 2 n Σx. The roster is small, so the plain sum. */
export function computeGini(talkMs: readonly number[]): number {
  const n = talkMs.length;
  const total = sum(talkMs);
  if (n === 0 || !(total > 0)) return 0;
  let differences = 0;
  for (const x of talkMs) for (const y of talkMs) differences += Math.abs(x - y);
  return clampToUnit(differences / (2 * n * total));
}

/** −Σ pᵢ ln pᵢ / ln n, with 0 ln 0 = 0 (someone who never spoke adds nothing). */
export function computeBalance(shares: readonly number[]): number {
  const n = shares.length;
  if (n <= 1 || !(sum(shares) > 0)) return 1;
  const entropy = -sum(shares.map((p) => (p > 0 ? p * Math.log(p) : 0)));
  return clampToUnit(entropy / Math.log(n));
}

/** Rounding can put an exact 1 or 0 a hair outside; a NaN never leaves here. */
function clampToUnit(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}
