import type { EventMap, EventName } from '../../common/contract';

/** A listener that receives every event, for transports that forward all of them. */
export type HubListener = <E extends EventName>(event: E, payload: EventMap[E]) => void;

/**
 * Fans engine events out to every connected client (the Electron window, browser tabs). Events
 * go to all clients so that a reloaded renderer picks up jobs started before the reload.
 */
export class EventHub {
  readonly #listeners = new Set<HubListener>();

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event, payload);
      } catch (error) {
        // One broken client (e.g. a closed socket) must not stop the others.
        console.warn(
          `tickbench: event listener failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: HubListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  get size(): number {
    return this.#listeners.size;
  }
}
