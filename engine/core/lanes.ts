/**
 * Runs `work` over `items` on at most `lanes` concurrent lanes: each lane takes the next item
 * when done with one, so every item is worked on once, in order of start.
 *
 * The first failure ends the run: `failed()` (handed to `work`) turns true at once, so the other
 * lanes can stop their current item at its next check, and the error is thrown once every lane
 * has ended (no work is left running behind the throw). A `work` that returns false (it was
 * stopped) ends its lane; the run then resolves false.
 * @returns true when every item was worked on to the end
 */
export async function inLanes<T>(
  items: readonly T[],
  lanes: number,
  work: (item: T, failed: () => boolean) => Promise<boolean>,
): Promise<boolean> {
  let failure: { readonly error: unknown } | undefined;
  const failed = (): boolean => failure !== undefined;
  let next = 0;
  const lane = async (): Promise<boolean> => {
    try {
      while (next < items.length) {
        const item = items[next++] as T;
        if (!(await work(item, failed))) return false;
      }
      return true;
    } catch (error) {
      failure ??= { error };
      return false;
    }
  };
  const ended = await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  if (failure !== undefined) throw failure.error;
  return !ended.includes(false);
}
