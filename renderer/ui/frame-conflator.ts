/**
 * Conflates UI updates to animation frames: many updates under one key between two frames run
 * once, with the latest value. Job progress can arrive far faster than the screen refreshes.
 */
export class FrameConflator {
  readonly #pending = new Map<string, () => void>();
  #scheduled = false;

  schedule(key: string, update: () => void): void {
    this.#pending.set(key, update);
    if (this.#scheduled) return;
    this.#scheduled = true;
    requestAnimationFrame(() => {
      this.#scheduled = false;
      const updates = [...this.#pending.values()];
      this.#pending.clear();
      for (const u of updates) u();
    });
  }
}
