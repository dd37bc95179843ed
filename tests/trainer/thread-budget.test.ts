import { describe, expect, it } from "vitest";
import { planThreads, SMALL_JOB_SAMPLE_EPOCHS } from "../../src/trainer/worker/thread-budget.ts";

/** The default job: 10,000 samples × 8 epochs. */
const BIG = 80_000;

describe("a training job's threads", () => {
  it("are both cores of a 2-core machine for one job at a time, one each for two at a time", () => {
    expect(planThreads({ cores: 2, concurrency: 1, inUse: 0, sampleEpochs: BIG })).toBe(2);
    expect(planThreads({ cores: 2, concurrency: 2, inUse: 0, sampleEpochs: BIG })).toBe(1);
    expect(planThreads({ cores: 2, concurrency: 2, inUse: 1, sampleEpochs: BIG })).toBe(1);
  });

  it("never exceed the free cores, the cap of 2, or go below 1", () => {
    expect(planThreads({ cores: 2, concurrency: 1, inUse: 2, sampleEpochs: BIG })).toBe(1);
    expect(planThreads({ cores: 2, concurrency: 1, inUse: 1, sampleEpochs: BIG })).toBe(1);
    expect(planThreads({ cores: 1, concurrency: 1, inUse: 0, sampleEpochs: BIG })).toBe(1);
    expect(planThreads({ cores: 16, concurrency: 1, inUse: 0, sampleEpochs: BIG })).toBe(2);
    expect(planThreads({ cores: 16, concurrency: 4, inUse: 6, sampleEpochs: BIG })).toBe(2);
  });

  it("are one for a small job, where a helper thread would cost more than it saves", () => {
    expect(
      planThreads({ cores: 2, concurrency: 1, inUse: 0, sampleEpochs: SMALL_JOB_SAMPLE_EPOCHS - 1 }),
    ).toBe(1);
    expect(planThreads({ cores: 2, concurrency: 1, inUse: 0, sampleEpochs: SMALL_JOB_SAMPLE_EPOCHS })).toBe(
      2,
    );
  });

  it("follow an explicit request within 1–2", () => {
    expect(planThreads({ cores: 2, concurrency: 1, inUse: 0, wanted: 1, sampleEpochs: BIG })).toBe(1);
    expect(planThreads({ cores: 1, concurrency: 1, inUse: 0, wanted: 2, sampleEpochs: 100 })).toBe(2);
    expect(planThreads({ cores: 8, concurrency: 1, inUse: 0, wanted: 5, sampleEpochs: BIG })).toBe(2);
  });
});
