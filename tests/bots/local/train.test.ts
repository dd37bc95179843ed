import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../src/app.ts";
import { createLocalChat } from "../../../src/bots/local/start.ts";
import { silentLogger } from "../../../src/core/logger.ts";
import { createTrainerService } from "../../../src/trainer/service.ts";

describe("/train through the local chat", () => {
  it("shows progress, the result block and the chart path", async () => {
    const chartDir = mkdtempSync(join(tmpdir(), "charts-"));
    const outDir = mkdtempSync(join(tmpdir(), "out-"));
    const app = createApp({
      dbPath: ":memory:",
      logger: silentLogger,
      trainer: (db) => createTrainerService({ db, chartDir }),
    });
    const input = new PassThrough();
    const output = new PassThrough();
    let transcript = "";
    output.on("data", (chunk: Buffer) => (transcript += chunk.toString("utf8")));
    const done = createLocalChat({
      bot: app.bot,
      input,
      output,
      outDir,
      interactive: false,
      whenIdle: () => app.trainer?.whenIdle() ?? Promise.resolve(),
    }).run();
    input.end("/train dropout=0.3 epochs=1 samples=1000\n");
    await done;
    await app.close();

    expect(transcript).toContain("> /train dropout=0.3 epochs=1 samples=1000");
    expect(transcript).toMatch(/エポック 1\/1 — loss [\d.]+ acc [\d.]+ val_loss [\d.]+ val_acc [\d.]+/);
    expect(transcript).toContain("訓練精度");
    expect(transcript).toContain("検証精度");
    const chartPath = /→ (\S+\.png)/.exec(transcript)?.[1];
    expect(chartPath).toBeDefined();
    expect(existsSync(chartPath ?? "")).toBe(true);
  });
});
