/*
 * The few WebAssembly globals the fast path uses, typed here: the project's TypeScript libs (ES2023 and
 * Node's types, no DOM) do not declare them.
 */

/** A shared WebAssembly.Memory: its buffer is a SharedArrayBuffer, and postMessage shares it. */
export interface SharedWasmMemory {
  readonly buffer: SharedArrayBuffer;
}

interface WasmApi {
  Memory: {
    new (descriptor: { initial: number; maximum: number; shared: true }): SharedWasmMemory;
    new (descriptor: { initial: number }): { readonly buffer: ArrayBuffer };
  };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
