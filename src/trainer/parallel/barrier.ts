/*
 * A barrier for the training threads over a shared Int32Array, with an abort word that any thread (or the
 * host) sets to release everyone: a thread that waits for a peer that died must not wait forever.
 */

const ARRIVED = 0;
const GENERATION = 1;
const ABORT = 2;
/** Int32 words the barrier needs. */
export const BARRIER_WORDS = 3;

/** Abort codes: why the threads stop (0 means running). */
export const ABORT_CANCELLED = 1;
export const ABORT_FAILED = 2;

export class BarrierAbortedError extends Error {
  constructor(readonly code: number) {
    super(`The training threads were stopped (code ${code})`);
    this.name = "BarrierAbortedError";
  }
}

/** How long one wait sleeps before it looks at the abort word again. */
const WAIT_SLICE_MS = 100;
/** Spins before sleeping: a step's halves usually finish within microseconds of each other. */
const SPINS = 2_000;

export class Barrier {
  constructor(
    private readonly words: Int32Array,
    private readonly parties: number,
  ) {}

  /** Blocks until all parties arrived; throws BarrierAbortedError once the abort word is set. */
  arrive(): void {
    if (this.parties === 1) return this.check();
    const generation = Atomics.load(this.words, GENERATION);
    if (Atomics.add(this.words, ARRIVED, 1) === this.parties - 1) {
      Atomics.store(this.words, ARRIVED, 0);
      Atomics.add(this.words, GENERATION, 1);
      Atomics.notify(this.words, GENERATION);
      return this.check();
    }
    for (let spin = 0; spin < SPINS; spin++) {
      if (Atomics.load(this.words, GENERATION) !== generation) return this.check();
    }
    while (Atomics.load(this.words, GENERATION) === generation) {
      this.check();
      Atomics.wait(this.words, GENERATION, generation, WAIT_SLICE_MS);
    }
    this.check();
  }

  abort(code: number): void {
    abortBarrier(this.words, code);
  }

  aborted(): number {
    return Atomics.load(this.words, ABORT);
  }

  private check(): void {
    const code = Atomics.load(this.words, ABORT);
    if (code !== 0) throw new BarrierAbortedError(code);
  }
}

/** Sets the abort word (the first reason wins) and wakes every waiter. */
export function abortBarrier(words: Int32Array, code: number): void {
  Atomics.compareExchange(words, ABORT, 0, code);
  Atomics.add(words, GENERATION, 1);
  Atomics.notify(words, GENERATION);
}
