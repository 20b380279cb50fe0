/*
 * The positive and negative parts of a number, max(x, 0) and max(−x, 0), without a branch on
 * its sign: for price changes and signed trade sizes the sign is a coin flip, and a branch on
 * it mispredicts every other trade (~10 ns each). (|x| + x)/2 and (|x| − x)/2 are exact —
 * doubling and halving are, and x + (−x) is +0 — as long as |x| + |x| cannot overflow; beyond
 * 2¹⁰²³ (a predictable test) the plain form is used. The bound is a literal: a module
 * constant is re-read and checked in a hot loop.
 */

/** max(x, 0), exactly (+0 for x ≤ 0 and for NaN). */
export function positivePart(x: number): number {
  const a = Math.abs(x);
  if (a < 8.98e307) return (a + x) * 0.5;
  return x > 0 ? x : 0;
}

/** max(−x, 0), exactly (+0 for x ≥ 0 and for NaN). */
export function negativePart(x: number): number {
  const a = Math.abs(x);
  if (a < 8.98e307) return (a - x) * 0.5;
  return x < 0 ? -x : 0;
}
