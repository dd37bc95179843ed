import { CLASSES, HIDDEN_UNITS, IMAGE_SHAPE } from "../model.ts";

/** Pixels of one image: the MLP's input width. */
export const INPUT_SIZE = IMAGE_SHAPE[0] * IMAGE_SHAPE[1];

/** Layer widths from input to output: 784, 512, 256, 128, 10. */
export const LAYER_SIZES: readonly number[] = [INPUT_SIZE, ...HIDDEN_UNITS, CLASSES];

/** Where one parameter lives in the flat parameter vector. */
export interface ParamSlot {
  /** "kernel" [in×out] or "bias" [out]. */
  kind: "kernel" | "bias";
  layer: number;
  shape: [number, number] | [number];
  offset: number;
  size: number;
}

/**
 * All of the MLP's weights in one flat vector, layer by layer (kernel then bias), in the order tfjs-layers
 * lists them (model.getWeights()). One vector lets two threads share the weights, the gradients and the
 * optimizer's state as plain Float32Arrays over SharedArrayBuffers, and split the optimizer's work by range.
 */
export function paramLayout(sizes: readonly number[] = LAYER_SIZES): { slots: ParamSlot[]; total: number } {
  const slots: ParamSlot[] = [];
  let offset = 0;
  for (let layer = 0; layer + 1 < sizes.length; layer++) {
    const inputs = sizes[layer] ?? 0;
    const outputs = sizes[layer + 1] ?? 0;
    slots.push({ kind: "kernel", layer, shape: [inputs, outputs], offset, size: inputs * outputs });
    offset += inputs * outputs;
    slots.push({ kind: "bias", layer, shape: [outputs], offset, size: outputs });
    offset += outputs;
  }
  return { slots, total: offset };
}

/** The part [from, to) of `total` elements that thread `rank` of `threads` owns (even split, 4-aligned). */
export function rangeOf(rank: number, threads: number, total: number): { from: number; to: number } {
  const per = Math.ceil(total / threads / 4) * 4;
  return { from: Math.min(total, rank * per), to: Math.min(total, (rank + 1) * per) };
}
