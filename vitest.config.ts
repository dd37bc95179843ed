import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // The browser tests' Chromium, unpacked once before the files run in parallel.
    globalSetup: ["tests/web/chromium-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // CI also writes a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ["default", ["json", { outputFile: "out/vitest.json" }]] : ["default"],
  },
});
