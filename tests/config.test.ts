import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../src/config.ts";

describe("readConfig", () => {
  it("reads empty values as unset, so the defaults apply instead of a silent 0", () => {
    const config = readConfig({
      MANABOT_DB: "",
      MANABOT_REMINDER_GRACE_MINUTES: "",
      MANABOT_TRAIN_CONCURRENCY: " ",
      LOG_LEVEL: "",
    });
    expect(config).toMatchObject({
      MANABOT_DB: "data/manabot.db",
      MANABOT_REMINDER_GRACE_MINUTES: 180,
      MANABOT_TRAIN_CONCURRENCY: 1,
    });
    expect(config.LOG_LEVEL).toBeUndefined();
  });

  it("still stops on a value that is set but wrong", () => {
    expect(() => readConfig({ MANABOT_TRAIN_CONCURRENCY: "0" })).toThrow(ConfigError);
    // The training threads read MANABOT_SIMD_GEMM themselves; start-up refuses what they would not read.
    expect(() => readConfig({ MANABOT_SIMD_GEMM: "off" })).toThrow(/MANABOT_SIMD_GEMM/);
    expect(readConfig({ MANABOT_SIMD_GEMM: "0" }).MANABOT_SIMD_GEMM).toBe("0");
  });
});
