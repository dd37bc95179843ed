import { spawn } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { requireRedis, testRedisUrl } from "../helpers/redis.ts";

/*
 * A smoke test of `npm run bench:scale` itself (2 small jobs, real Redis, real worker processes): both rows
 * and the ratio are printed, and the numbers are numbers. Nothing here checks how fast anything is.
 */
describe("npm run bench:scale -- --quick", () => {
  beforeAll(() => requireRedis());

  it("prints the time to the last chart and jobs per minute with 1 and 2 workers, and their ratio", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/trainer/bench/scale.ts", "--quick"], {
      env: { ...process.env, REDIS_URL: testRedisUrl() },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^jobs: 2 × \/train samples=500 epochs=2 .*submitted at once by 2 users$/m);
    expect(stdout).toMatch(/^1 +[\d.]+ s +[\d.]+ +2$/m);
    expect(stdout).toMatch(/^2 +[\d.]+ s +[\d.]+ +(1 \+ 1|2)$/m);
    expect(stdout).toMatch(/^ratio \(2 workers \/ 1\): [\d.]+× jobs per minute$/m);
  }, 400_000);
});
