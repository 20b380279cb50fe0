import { requireFinite, requireInt } from './validate';

/**
 * Exponential moving average with α = 2 / (n + 1) (the "span" convention: the centre of mass
 * of the weights is (n − 1) / 2, as for an n-value SMA).
 *
 * Seeded with the first value and emitted from it: e₁ = x₁, eₜ = eₜ₋₁ + α (xₜ − eₜ₋₁).
 * The update form `e + α (x − e)` is used rather than `α x + (1 − α) e` because it returns x
 * exactly on a constant series.
 */
export class Ema {
  /** Smoothing factor α ∈ (0, 1]. */
  readonly alpha: number;
  private value = Number.NaN;

  /** @param n span in values (integer ≥ 1; n = 1 gives α = 1, the identity). */
  constructor(n: number) {
    this.alpha = 2 / (requireInt('n', n, 1) + 1);
  }

  /** Adds `x` (finite) and returns the average, in the unit of `x`. Never NaN once fed. */
  update(x: number): number {
    requireFinite('x', x);
    this.value = emaStep(this.value, this.alpha, x);
    return this.value;
  }

  /** The last value returned by `update`, NaN before the first. */
  get current(): number {
    return this.value;
  }

  reset(): void {
    this.value = Number.NaN;
  }
}

/**
 * One EMA step: the average after `x` (finite; not checked here), from the previous average
 * `e` (NaN before the first value) and α. {@link Ema} and the kernel's per-stream arrays share
 * it, so both compute the same bits.
 */
export function emaStep(e: number, alpha: number, x: number): number {
  return e !== e ? x : e + alpha * (x - e);
}
