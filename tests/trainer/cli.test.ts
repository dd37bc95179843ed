import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHART_HEIGHT, CHART_WIDTH } from "../../src/trainer/chart.ts";
import { pngSize } from "./png.ts";

/** `npm run train -- …`, as a user runs it (without npm's own lines). */
const train = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/trainer/cli.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "warn" },
    timeout: 120_000,
  });

describe("npm run train", () => {
  it("trains, shows one progress line an epoch, prints the result block and writes the chart", () => {
    const out = join(mkdtempSync(join(tmpdir(), "cli-")), "charts", "chart.png");
    const run = train("dropout=0.3", "epochs=2", "samples=400", "seed=3", "--out", out, "--lang", "en");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("dropout=0.3 epochs=2 batch=128 samples=400 seed=3");
    expect(run.stdout).toMatch(/^backend: (tensorflow|wasm|cpu)/m);
    expect(run.stdout).toMatch(/\] +50% epoch 1\/2 — loss /);
    expect(run.stdout).toMatch(/\] 100% epoch 2\/2 — loss /);
    expect(run.stdout).toContain("=== Result ===");
    expect(run.stdout).toContain("Validation accuracy: ");
    expect(run.stdout).toContain(`chart: ${out}`);
    expect(pngSize(new Uint8Array(readFileSync(out)))).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
  });

  it("explains a parameter it cannot read in both languages and exits 2 without training", () => {
    const run = train("dropout=5");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("dropout=5 は使えません。");
    expect(run.stderr).toContain("dropout=5 is not allowed.");
    expect(run.stdout).toBe("");
  });
});
