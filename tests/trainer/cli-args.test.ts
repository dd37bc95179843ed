import { describe, expect, it } from "vitest";
import { CliUsageError, parseCliArgs } from "../../src/trainer/cli-args.ts";

describe("parseCliArgs", () => {
  it("separates the trainer's key=value arguments from the CLI's own options", () => {
    expect(
      parseCliArgs(["dropout=0.3", "epochs=3", "samples=6000", "--out", "chart.png", "--lang", "en"]),
    ).toEqual({
      args: "dropout=0.3 epochs=3 samples=6000",
      out: "chart.png",
      locale: "en",
      help: false,
    });
    expect(parseCliArgs(["--backend", "cpu"]).backends).toEqual(["cpu"]);
    expect(parseCliArgs(["--help"]).help).toBe(true);
  });

  it("rejects unknown options, unknown backends and a missing value", () => {
    expect(() => parseCliArgs(["--fast"])).toThrow(CliUsageError);
    expect(() => parseCliArgs(["--backend", "gpu"])).toThrow(/unknown backend "gpu"/);
    expect(() => parseCliArgs(["--out"])).toThrow(/--out needs a value/);
  });
});
