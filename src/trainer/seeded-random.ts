/** mulberry32: a small, fast, well-distributed 32-bit PRNG returning numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Runs `work` with Math.random replaced by a seeded generator. tfjs draws its shuffles and unseeded dropout
 * masks from Math.random, so this is what makes a seeded run repeatable. Meant for the training worker,
 * which runs nothing else meanwhile.
 */
export async function withSeededMathRandom<T>(seed: number | null, work: () => Promise<T>): Promise<T> {
  if (seed === null) return work();
  const original = Math.random;
  Math.random = mulberry32(seed);
  try {
    return await work();
  } finally {
    Math.random = original;
  }
}
