import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordedChromium } from "./chromium.ts";

/** Two checkouts' Chromium caches, each with an unpacked executable. */
function caches() {
  const root = mkdtempSync(join(tmpdir(), "chromium-marker-"));
  const [here, there] = ["here", "there"].map((checkout) => {
    const dir = join(root, checkout, "node_modules", ".cache", "manabot-chromium-1.0.0");
    mkdirSync(join(dir, "locales"), { recursive: true });
    writeFileSync(join(dir, "chromium"), "");
    return dir;
  }) as [string, string];
  return { here, there };
}

describe("the Chromium ready marker", () => {
  it("is trusted for an executable inside this checkout's cache, recorded relative or absolute", () => {
    const { here } = caches();
    expect(recordedChromium(here, "chromium")).toBe(join(here, "chromium"));
    expect(recordedChromium(here, join(here, "chromium"))).toBe(join(here, "chromium"));
  });

  it("is not trusted when it names another checkout's Chromium (a copied node_modules), or nothing", () => {
    const { here, there } = caches();
    expect(recordedChromium(here, join(there, "chromium"))).toBeUndefined();
    expect(
      recordedChromium(here, "../../../../there/node_modules/.cache/manabot-chromium-1.0.0/chromium"),
    ).toBe(undefined);
    expect(recordedChromium(here, join(here, "missing"))).toBeUndefined();
    expect(recordedChromium(here, "locales")).toBeUndefined();
    expect(recordedChromium(here, "")).toBeUndefined();
  });
});
