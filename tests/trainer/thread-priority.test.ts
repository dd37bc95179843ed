import { createRequire } from "node:module";
import { getPriority } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { TRAINING_NICE } from "../../src/trainer/worker/thread-priority.ts";

/** Runs lowerThisThreadsPriority() in a fresh worker thread and returns what it said and the thread's nice. */
async function inWorker(): Promise<{ lowered: boolean; nice: number }> {
  const tsxRoot = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const tsxApi = pathToFileURL(join(tsxRoot, "dist/esm/api/index.mjs")).href;
  const module = new URL("../../src/trainer/worker/thread-priority.ts", import.meta.url).href;
  const source = `(async () => {
    const { parentPort } = await import("node:worker_threads");
    const { readFileSync } = await import("node:fs");
    (await import(${JSON.stringify(tsxApi)})).register();
    const { lowerThisThreadsPriority } = await import(${JSON.stringify(module)});
    const lowered = lowerThisThreadsPriority();
    // /proc/thread-self/stat: the 19th field is this thread's nice value (after the parenthesised name).
    const fields = readFileSync("/proc/thread-self/stat", "utf8").split(") ")[1].split(" ");
    parentPort.postMessage({ lowered, nice: Number(fields[16]) });
  })();`;
  const worker = new Worker(source, { eval: true });
  try {
    return await new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
  } finally {
    await worker.terminate();
  }
}

describe("training threads' priority", () => {
  it("is lowered for the training thread alone, not for the bot's thread", { timeout: 60_000 }, async () => {
    const before = getPriority();
    const { lowered, nice } = await inWorker();
    expect(lowered).toBe(true);
    expect(nice).toBe(TRAINING_NICE);
    expect(getPriority()).toBe(before);
  });
});
