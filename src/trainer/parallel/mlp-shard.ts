import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { CLASSES } from "../model.ts";
import { INPUT_SIZE, LAYER_SIZES, paramLayout, type ParamSlot } from "./layout.ts";
import { softmaxLossAndGradient, type LossSums } from "./softmax-loss.ts";

/*
 * The lesson's MLP (Dense+ReLU+Dropout ×3, Dense 10 softmax) on one thread's share of a batch, with the
 * backward pass written out instead of recorded on tfjs' tape: two matmuls and a column sum a layer,
 * nothing for the input's gradient, and the softmax, loss and accuracy of ten numbers a row done in
 * JavaScript. The heavy work (matmuls, ReLU, masks) runs on the current tfjs backend.
 */

export interface ShardBatch {
  /** rows × 784 pixels. */
  images: Float32Array;
  labels: ArrayLike<number>;
  rows: number;
}

const EVAL_CHUNK = 1024;

export class MlpShard {
  private readonly slots: ParamSlot[];
  private readonly onWasm: boolean;
  private params: tf.Tensor[] = [];
  private readonly maskBuffers: Float32Array[] = [];

  constructor(
    private readonly weights: Float32Array,
    /** Dropout rate after each hidden layer (0: none). */
    private readonly dropout: readonly number[],
    /** Uniform numbers in [0, 1) for the dropout masks: this thread's own stream. */
    private readonly random: () => number,
  ) {
    this.slots = paramLayout().slots;
    this.onWasm = tf.getBackend() === "wasm";
  }

  /** Copies the shared weights into this thread's tensors (after every optimizer step). */
  loadWeights(): void {
    tf.dispose(this.params);
    this.params = this.slots.map((slot) =>
      this.upload(this.weights.subarray(slot.offset, slot.offset + slot.size), slot.shape),
    );
  }

  dispose(): void {
    tf.dispose(this.params);
    this.params = [];
  }

  /**
   * Forward and backward pass on `batch`: writes the gradient of (Σ loss over these rows) / batchTotal into
   * `gradient` (the flat layout), so that the threads' gradients sum to the full batch's mean gradient.
   * Returns this share's loss and accuracy sums (with dropout, as Keras reports training metrics).
   */
  trainStep(batch: ShardBatch, batchTotal: number, gradient: Float32Array): LossSums {
    if (batch.rows === 0) {
      gradient.fill(0);
      return { loss: 0, correct: 0 };
    }
    let sums: LossSums = { loss: 0, correct: 0 };
    tf.tidy(() => {
      const x = this.upload(batch.images.subarray(0, batch.rows * INPUT_SIZE), [batch.rows, INPUT_SIZE]);
      const activations: tf.Tensor2D[] = [x as tf.Tensor2D];
      const scales: number[] = [];
      let h = x as tf.Tensor2D;
      const hiddenLayers = LAYER_SIZES.length - 2;
      for (let layer = 0; layer < hiddenLayers; layer++) {
        h = tf.relu(this.dense(h, layer));
        const rate = this.dropout[layer] ?? 0;
        if (rate > 0) h = tf.mul(h, this.mask(layer, batch.rows, rate));
        scales.push(rate > 0 ? 1 / (1 - rate) : 1);
        activations.push(h);
      }
      const logits = this.dense(h, hiddenLayers).dataSync() as Float32Array;
      const head = softmaxLossAndGradient(logits, batch.labels, batch.rows, batchTotal);
      sums = head.sums;
      let delta = tf.tensor2d(head.gradient, [batch.rows, CLASSES]);
      for (let layer = hiddenLayers; layer >= 0; layer--) {
        const input = activations[layer] as tf.Tensor2D;
        this.readInto(tf.matMul(input, delta, true, false), gradient, this.slot(layer, "kernel"));
        this.readInto(tf.sum(delta, 0), gradient, this.slot(layer, "bias"));
        if (layer === 0) break;
        // dX = δ·Wᵀ (on wasm, dot products along W's rows: backend/simd-matmul.ts).
        const upstream = tf.matMul(delta, this.kernel(layer), false, true);
        // ReLU's and dropout's derivative: the kept units (output > 0) times the dropout scale.
        const gate = tf.step(input);
        const scale = scales[layer - 1] ?? 1;
        delta = tf.mul(upstream, scale === 1 ? gate : tf.mul(gate, scale));
      }
    });
    return sums;
  }

  /** Loss and accuracy sums without dropout (Keras' inference mode), in chunks of EVAL_CHUNK rows. */
  evaluate(images: Float32Array, labels: Uint8Array, rows: number): LossSums {
    const total: LossSums = { loss: 0, correct: 0 };
    for (let start = 0; start < rows; start += EVAL_CHUNK) {
      const count = Math.min(EVAL_CHUNK, rows - start);
      const logits = tf.tidy(() => {
        let h = this.upload(images.subarray(start * INPUT_SIZE, (start + count) * INPUT_SIZE), [
          count,
          INPUT_SIZE,
        ]) as tf.Tensor2D;
        const hiddenLayers = LAYER_SIZES.length - 2;
        for (let layer = 0; layer < hiddenLayers; layer++) h = tf.relu(this.dense(h, layer));
        return this.dense(h, hiddenLayers).dataSync() as Float32Array;
      });
      const { sums } = softmaxLossAndGradient(logits, labels.subarray(start, start + count), count, count);
      total.loss += sums.loss;
      total.correct += sums.correct;
    }
    return total;
  }

  private dense(h: tf.Tensor2D, layer: number): tf.Tensor2D {
    return tf.add(tf.matMul(h, this.kernel(layer)), this.params[2 * layer + 1] as tf.Tensor1D);
  }

  private kernel(layer: number): tf.Tensor2D {
    return this.params[2 * layer] as tf.Tensor2D;
  }

  private slot(layer: number, kind: ParamSlot["kind"]): ParamSlot {
    return this.slots[2 * layer + (kind === "kernel" ? 0 : 1)] as ParamSlot;
  }

  /** Keras' dropout mask: 1/(1−rate) where a uniform draw is ≥ rate, else 0. */
  private mask(layer: number, rows: number, rate: number): tf.Tensor2D {
    const units = LAYER_SIZES[layer + 1] ?? 0;
    const size = rows * units;
    let buffer = this.maskBuffers[layer];
    if (buffer === undefined || buffer.length < size) {
      buffer = new Float32Array(size);
      this.maskBuffers[layer] = buffer;
    }
    const kept = 1 / (1 - rate);
    const random = this.random;
    for (let i = 0; i < size; i++) buffer[i] = random() >= rate ? kept : 0;
    return this.upload(buffer.subarray(0, size), [rows, units]) as tf.Tensor2D;
  }

  /** A tensor holding a copy of `values` (the wasm backend copies into its heap; cpu would keep the array). */
  private upload(values: Float32Array, shape: readonly number[]): tf.Tensor {
    return tf.tensor(this.onWasm ? values : values.slice(), [...shape], "float32");
  }

  private readInto(tensor: tf.Tensor, target: Float32Array, slot: ParamSlot): void {
    const values = this.onWasm ? (tf.backend() as BackendWasm).typedArrayFromHeap(tensor) : tensor.dataSync();
    target.set(values as Float32Array, slot.offset);
  }
}
