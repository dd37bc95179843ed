import type { MnistSet } from "../mnist.ts";
import { BARRIER_WORDS } from "./barrier.ts";
import { INPUT_SIZE, paramLayout } from "./layout.ts";
import { wasmApi, type SharedWasmMemory } from "./wasm-api.ts";

/*
 * Everything the training threads share, as SharedArrayBuffers (postMessage hands the same memory to the
 * other thread): the weights, the optimizer's state, one gradient slot per thread, per-thread metric sums,
 * the barrier's words, and the images (one copy for both threads).
 */

/** Int32 control words after the barrier's: the run's seed for shuffling and dropout. */
const RUN_SEED = BARRIER_WORDS;
const CONTROL_WORDS = BARRIER_WORDS + 1;
/** Float64 metric sums per thread: train loss, train correct, train count, eval loss, eval correct. */
export const METRIC_WORDS = 5;

export interface SharedImages {
  count: number;
  /** count × 784 pixels in [0, 1]. */
  images: SharedArrayBuffer;
  /** count labels 0–9. */
  labels: SharedArrayBuffer;
}

export interface SharedTraining {
  threads: number;
  control: SharedArrayBuffer;
  /**
   * The weights, the optimizer's two state vectors, and one gradient slot per thread (thread r writes its
   * gradient, already divided by the whole batch, in slot r), in one shared wasm memory so that the SIMD
   * Adam of every thread can work on them in place.
   */
  arena: SharedWasmMemory;
  arenaPages: number;
  metrics: SharedArrayBuffer;
  train: SharedImages;
  test: SharedImages;
}

/** Typed views of a SharedTraining, made by each thread for itself. */
export interface SharedViews {
  threads: number;
  control: Int32Array;
  arena: SharedWasmMemory;
  arenaPages: number;
  weights: Float32Array;
  first: Float32Array;
  second: Float32Array;
  grads: Float32Array[];
  metrics: Float64Array;
  train: ImageViews;
  test: ImageViews;
}

export interface ImageViews {
  count: number;
  images: Float32Array;
  labels: Uint8Array;
}

function shareImages(set: MnistSet, limit: number): SharedImages {
  const count = Math.min(limit, set.count);
  const images = new SharedArrayBuffer(count * INPUT_SIZE * 4);
  new Float32Array(images).set(set.images.subarray(0, count * INPUT_SIZE));
  const labels = new SharedArrayBuffer(count);
  new Uint8Array(labels).set(set.labels.subarray(0, count));
  return { count, images, labels };
}

export function createSharedTraining(
  threads: number,
  data: { train: MnistSet; test: MnistSet },
  limits: { train: number; test: number },
): SharedTraining {
  const arenaPages = Math.ceil(((3 + threads) * regionBytes()) / WASM_PAGE);
  return {
    threads,
    control: new SharedArrayBuffer(CONTROL_WORDS * 4),
    arena: new wasmApi.Memory({ initial: arenaPages, maximum: arenaPages, shared: true }),
    arenaPages,
    metrics: new SharedArrayBuffer(threads * METRIC_WORDS * 8),
    train: shareImages(data.train, limits.train),
    test: shareImages(data.test, limits.test),
  };
}

const WASM_PAGE = 65_536;

/** Bytes of one parameter-sized region of the arena, rounded up to 16 for aligned SIMD access. */
function regionBytes(): number {
  return Math.ceil((paramLayout().total * 4) / 16) * 16;
}

export function viewsOf(shared: SharedTraining): SharedViews {
  const { total } = paramLayout();
  const region = (index: number): Float32Array =>
    new Float32Array(shared.arena.buffer, index * regionBytes(), total);
  const images = (set: SharedImages): ImageViews => ({
    count: set.count,
    images: new Float32Array(set.images),
    labels: new Uint8Array(set.labels),
  });
  return {
    threads: shared.threads,
    control: new Int32Array(shared.control),
    arena: shared.arena,
    arenaPages: shared.arenaPages,
    weights: region(0),
    first: region(1),
    second: region(2),
    grads: Array.from({ length: shared.threads }, (_, rank) => region(3 + rank)),
    metrics: new Float64Array(shared.metrics),
    train: images(shared.train),
    test: images(shared.test),
  };
}

export function writeRunSeed(views: SharedViews, seed: number): void {
  Atomics.store(views.control, RUN_SEED, seed | 0);
}

export function readRunSeed(views: SharedViews): number {
  return Atomics.load(views.control, RUN_SEED);
}
