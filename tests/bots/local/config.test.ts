import { describe, expect, it } from "vitest";
import { readLocalConfig } from "../../../src/bots/local/config.ts";
import { ConfigError } from "../../../src/config.ts";
import { silentLogger } from "../../../src/core/logger.ts";

describe("the local chat's settings", () => {
  it("runs the chat when no other platform runs, or with MANABOT_LOCAL=1", () => {
    expect(readLocalConfig({}, silentLogger, [])).toMatchObject({ outDir: "data/out" });
    expect(readLocalConfig({ MANABOT_LOCAL: "0" }, silentLogger, [])).toBeDefined();
    expect(readLocalConfig({}, silentLogger, ["discord"])).toBeUndefined();
    expect(readLocalConfig({ MANABOT_LOCAL: "1" }, silentLogger, ["discord", "line"])).toBeDefined();
  });

  it("reads empty values as unset, and stops on a value that is set but wrong", () => {
    expect(readLocalConfig({ MANABOT_OUT_DIR: " ", MANABOT_LOCAL: "" }, silentLogger, [])).toMatchObject({
      outDir: "data/out",
    });
    expect(readLocalConfig({ MANABOT_OUT_DIR: "out" }, silentLogger, [])).toMatchObject({ outDir: "out" });
    expect(() => readLocalConfig({ MANABOT_LOCAL: "true" }, silentLogger, [])).toThrow(ConfigError);
    expect(() => readLocalConfig({ MANABOT_LOCAL: "true" }, silentLogger, [])).toThrow(/MANABOT_LOCAL/);
  });
});
