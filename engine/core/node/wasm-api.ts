/*
 * The few parts of the WebAssembly JavaScript API the engine uses (TypeScript declares it only
 * in its DOM libraries, which the engine does not load).
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** A compiled module (opaque; structured-cloneable, so it can be sent to a worker). */
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}

interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => WasmModule;
  readonly Instance: new (
    module: WasmModule,
    imports: object,
  ) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: {
    readonly initial: number;
    readonly maximum: number;
    readonly shared: boolean;
  }) => WasmMemory;
}

export const wasmApi = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;

/** Compiles a module's bytes. */
export function compileWasmModule(bytes: Uint8Array): WasmModule {
  return new wasmApi.Module(bytes);
}

/**
 * An instance of `module` (with `imports`, by module and name) whose exports include every
 * function of `functions`; a missing one throws, naming `file` (a stale build).
 */
export function instantiateWasm(
  module: WasmModule,
  file: string,
  functions: readonly string[],
  imports: object = {},
): Record<string, unknown> {
  const { exports } = new wasmApi.Instance(module, imports);
  for (const name of functions)
    if (typeof exports[name] !== 'function')
      throw new TypeError(`${file}: no function export ${name}; rebuild with npm run build:node`);
  return exports;
}
