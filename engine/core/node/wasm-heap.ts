import { wasmApi, type WasmMemory } from './wasm-api';

/** Bytes of a WebAssembly page. */
const PAGE = 65536;
/** The largest shared memory made here, in pages (2 GiB: reserved up front, committed as used). */
const MAX_PAGES = 32768;

/**
 * A shared WebAssembly memory of at least `bytes` bytes. Shared, so that growing it never
 * detaches an ArrayBuffer (see "No detached ArrayBuffers" in docs/ARCHITECTURE.md) and so that
 * it can be handed to a worker thread, which then sees the same bytes.
 */
export function createSharedMemory(bytes: number): WasmMemory {
  return new wasmApi.Memory({ initial: Math.ceil(bytes / PAGE), maximum: MAX_PAGES, shared: true });
}

/**
 * A bump allocator over a shared memory, from byte `start` on: what it hands out is never
 * freed (the memory goes with its user). Grows the memory when needed; views made before a
 * growth stay valid, views of newly allocated bytes must be made over {@link WasmHeap.buffer}.
 */
export class WasmHeap {
  private top: number;

  constructor(
    readonly memory: WasmMemory,
    start: number,
  ) {
    this.top = start;
  }

  /** The memory's current buffer (it covers every allocation so far). */
  get buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }

  /** The address of `bytes` new bytes, aligned to 16. */
  alloc(bytes: number): number {
    const at = Math.ceil(this.top / 16) * 16;
    const end = at + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      if (have / PAGE + pages > MAX_PAGES)
        throw new RangeError(`WebAssembly heap: ${end} bytes needed; at most ${MAX_PAGES * PAGE} allowed`);
      this.memory.grow(pages);
    }
    this.top = end;
    return at;
  }
}
