import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RedisSettings } from "../../../src/trainer/remote/connection.ts";
import { createTrainerService } from "../../../src/trainer/service.ts";
import { textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { cleanRedis, requireRedis, testRedis, until } from "../../helpers/redis.ts";
import { startWorkerProcess, stopAllWorkers } from "../../helpers/worker-process.ts";
import { LineHarness, textsOf } from "./harness.ts";

/* REDIS_URL set: /train through the LINE webhook is trained by a real `npm run worker` process. */
describe("LINE /train in the Redis mode", () => {
  let harness: LineHarness | undefined;
  let redis: RedisSettings;

  beforeAll(() => requireRedis());
  beforeEach(() => {
    redis = testRedis();
  });
  afterEach(async () => {
    await harness?.close();
    await stopAllWorkers();
    await cleanRedis(redis.prefix);
  });

  const start = async () => {
    const chartDir = mkdtempSync(join(tmpdir(), "line-remote-charts-"));
    harness = await LineHarness.start({
      trainer: (db) => createTrainerService({ db, chartDir, redis, heartbeatMs: 500 }),
    });
    return harness;
  };
  const pushedImages = (line: LineHarness) =>
    line.api.delivered.filter((sent) => sent.messages.some((message) => message.type === "image"));

  it("with one worker running, the chart arrives, trained on the worker's host", async () => {
    const worker = startWorkerProcess({ redis, name: "worker-line" });
    await worker.ready;
    const line = await start();
    const user = userId();
    await line.send([textEvent("/train samples=500 epochs=2 batch=50", userSource(user))]);
    await until(() => pushedImages(line).length > 0, "the chart", 180_000);
    await line.line.idle();
    const [result] = pushedImages(line);
    expect(result?.to).toBe(user);
    expect(textsOf(result?.messages ?? [])).toMatch(/バックエンド: .* @ worker-line/);
    const image = result?.messages.find((message) => message.type === "image");
    const png = await line.fetchPath(image?.originalContentUrl ?? "");
    expect(png.status).toBe(200);

    await line.send([textEvent("/train status", userSource(user))]);
    expect(textsOf(line.api.delivered.at(-1)?.messages ?? [])).toContain("学習ワーカー: 1 台(worker-line)");
  }, 200_000);

  it("with no worker running, the owner is told none is online, and no chart arrives", async () => {
    const line = await start();
    const user = userId();
    await line.send([textEvent("/train samples=500 epochs=2", userSource(user))]);
    const [reply] = line.api.delivered;
    expect(reply?.endpoint).toBe("reply");
    expect(textsOf(reply?.messages ?? [])).toContain("学習ワーカーが1台も動いていません");
    await line.send([textEvent("/train status", userSource(user))]);
    const status = textsOf(line.api.delivered.at(-1)?.messages ?? []);
    expect(status).toMatch(/待機中 1 番目/);
    expect(status).toContain("学習ワーカー: 0 台(動いていません)");
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(pushedImages(line)).toEqual([]);
  }, 60_000);
});
