import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  MnistFormatError,
  defaultMnistDir,
  loadMnist,
  parseIdxImages,
  parseIdxLabels,
} from "../../src/trainer/mnist.ts";

describe("loadMnist on the real idx files", () => {
  it("loads the first samples of the training split, normalised and one-hot", () => {
    const set = loadMnist("train", { limit: 100 });
    expect(set.count).toBe(100);
    expect(set.images.length).toBe(100 * 784);
    expect(Math.min(...set.images)).toBe(0);
    expect(Math.max(...set.images)).toBe(1);
    // The first training image is famously a 5, the second a 0.
    expect([...set.labels.slice(0, 4)]).toEqual([5, 0, 4, 1]);
    for (let i = 0; i < set.count; i++) {
      const row = set.oneHot.subarray(i * 10, i * 10 + 10);
      expect(row.reduce((a, b) => a + b, 0)).toBe(1);
      expect(row[set.labels[i] ?? -1]).toBe(1);
    }
  });

  it("loads the whole test split", () => {
    const set = loadMnist("test");
    expect(set.count).toBe(10_000);
    expect(set.labels.every((label) => label <= 9)).toBe(true);
  });
});

describe("idx header checks", () => {
  const dir = defaultMnistDir();
  const labels = readFileSync(join(dir, "t10k-labels-idx1-ubyte"));
  const images = readFileSync(join(dir, "t10k-images-idx3-ubyte"));

  it("rejects a label file with the image magic number, naming the file", () => {
    const corrupted = Uint8Array.from(labels);
    corrupted[3] = 0x03; // 2049 → 2051
    expect(() => parseIdxLabels(corrupted, "labels.idx")).toThrow(/labels\.idx.*magic 2051, expected 2049/);
  });

  it("rejects images that are not 28×28", () => {
    const corrupted = Uint8Array.from(images.subarray(0, 16 + 784 * 2));
    new DataView(corrupted.buffer).setUint32(4, 2);
    new DataView(corrupted.buffer).setUint32(8, 27);
    expect(() => parseIdxImages(corrupted, "images.idx")).toThrow(/27×28, expected 28×28/);
  });

  it("rejects a truncated file and a too-short header", () => {
    expect(() => parseIdxImages(images.subarray(0, 10_000), "cut.idx")).toThrow(MnistFormatError);
    expect(() => parseIdxLabels(labels.subarray(0, 5), "tiny.idx")).toThrow(/shorter than the 8-byte header/);
  });

  it("rejects a label that is not a digit", () => {
    const corrupted = Uint8Array.from(labels);
    corrupted[8 + 17] = 12;
    expect(() => parseIdxLabels(corrupted, "labels.idx")).toThrow(/label 12 at index 17/);
  });

  it("names the file when loading a corrupted split from disk", () => {
    const copy = mkdtempSync(join(tmpdir(), "mnist-"));
    for (const file of ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]) {
      copyFileSync(join(dir, file), join(copy, file));
    }
    writeFileSync(join(copy, "t10k-images-idx3-ubyte"), Buffer.from([0, 0, 8, 1, 0, 0, 0, 0]));
    expect(() => loadMnist("test", { dir: copy })).toThrow(
      /t10k-images-idx3-ubyte: not a valid MNIST idx file/,
    );
  });
});
