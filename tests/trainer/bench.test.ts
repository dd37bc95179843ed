import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/*
 * A smoke test of `npm run bench:train` itself, on a few hundred images: every section is printed and the
 * numbers are numbers. The benchmark reports timings; nothing here checks how fast anything is.
 */
describe("npm run bench:train -- --quick", () => {
  it(
    "prints throughput per path with its ratio to stock, the fast path's phases, and the default job",
    { timeout: 320_000 },
    () => {
      const run = spawnSync(process.execPath, ["--import", "tsx", "src/trainer/bench/bench.ts", "--quick"], {
        encoding: "utf8",
        timeout: 300_000,
      });
      expect(run.status, run.stderr).toBe(0);
      const report = run.stdout;
      expect(report).toMatch(/^machine: \d+ × .+ GiB RAM, Node v20/m);
      expect(report).toMatch(/^tfjs-node +(not installed \(optional dependency\)|[\d,]+ samples\/s)$/m);
      expect(report).toMatch(/^wasm, stock \(model\.fit\) +[\d,]+ samples\/s$/m);
      for (const path of [
        "wasm, our kernels \\(model\\.fit\\)",
        "wasm, fast path, 1 thread",
        "wasm, fast path, 2 threads",
      ]) {
        expect(report).toMatch(new RegExp(`^${path} +[\\d,]+ samples/s +\\(\\d+\\.\\d× stock\\)$`, "m"));
      }
      expect(report).toMatch(/^fast path, 2 threads ÷ stock, round by round: \d+\.\d$/m);
      expect(report).toMatch(/^cpu \(plain JS, model\.fit\) +[\d,]+ samples\/s$/m);
      expect(report).toMatch(/^forward \+ backward +\d+ ms +[\d.]+%$/m);
      expect(report).toMatch(/^optimizer \(fused\) +\d+ ms +[\d.]+%$/m);
      expect(report).toMatch(/^BatchMatMul +\d+ ms +[\d.]+% +\d+ calls$/m);
      expect(report).toMatch(/^\(all kernels\) +\d+ ms/m);
      expect(report).toContain("/train dropout=0.3 epochs=1 samples=500  (epochs=1 samples=500 batch=128)");
      expect(report).toMatch(/^time from command to chart: [\d.]+ s$/m);
      expect(report).toMatch(/ wasm \(SIMD GEMM, own fit loop, \d threads?\) /);
      expect(report).toMatch(
        /^bot event-loop lag while training: p50 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms$/m,
      );
    },
  );
});
