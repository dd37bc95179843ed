import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import type { IncomingMessage } from "../../src/core/conversation.ts";
import { createTrainerService } from "../../src/trainer/service.ts";
import { RecordingConversation, textOf } from "../helpers/core.ts";
import { RecordingLogger } from "../helpers/logger.ts";
import { cleanRedis, requireRedis, testRedisUrl, uniquePrefix, until } from "../helpers/redis.ts";
import { TcpProxy } from "../helpers/tcp-proxy.ts";

const UNAVAILABLE = "学習は一時的に利用できません";

describe("Redis unreachable (REDIS_URL set)", () => {
  let app: App | undefined;
  let proxy: TcpProxy | undefined;
  const prefix = uniquePrefix();

  beforeAll(() => requireRedis());
  afterEach(async () => {
    await app?.close();
    await proxy?.down();
    await cleanRedis(prefix);
  });

  it("at start and for a while: /train says so, everything else works, and it reconnects by itself", async () => {
    const redis = new URL(testRedisUrl());
    proxy = await TcpProxy.create({ host: redis.hostname, port: Number(redis.port || 6379) }, false);
    const logger = new RecordingLogger();
    const started = createApp({
      dbPath: ":memory:",
      logger,
      trainer: (db) =>
        createTrainerService({
          db,
          logger,
          chartDir: mkdtempSync(join(tmpdir(), "charts-")),
          redis: { url: proxy?.url ?? "", prefix },
          heartbeatMs: 200,
        }),
    });
    app = started;
    const conversation = new RecordingConversation();
    const say = async (text: string) =>
      textOf(
        await started.bot.receive(
          {
            platform: "line",
            chatId: "u1",
            userId: "u1",
            chatKind: "direct",
            text,
          } satisfies IncomingMessage,
          conversation,
        ),
      );

    // Redis is down from the start.
    expect(await say("/train dropout=0.3")).toContain(UNAVAILABLE);
    expect(await say("/train status")).toContain("学習サーバーに接続できません");
    expect(await say("/lesson 14")).toContain("ドロップアウト");
    expect(await say("/memo add Redis が落ちていても書ける")).toContain("メモ #1 を STEP 14 に保存しました");
    expect(await say("/quiz")).toMatch(/A/);

    await proxy.up();
    await until(async () => !(await say("/train status")).includes("接続できません"), "the reconnection");
    const queued = await say("/train samples=300 epochs=1");
    expect(queued).toContain("#1 待機中: 1 番目(学習ワーカーが1台も動いていません。起動すると始まります)");

    // Lost for a while, then back.
    await proxy.down();
    await until(async () => (await say("/train status")).includes("接続できません"), "the loss to show");
    expect(await say("/train samples=300 epochs=2")).toContain(UNAVAILABLE);
    expect(await say("/memo list")).toContain("Redis が落ちていても書ける");
    await proxy.up();
    await until(async () => !(await say("/train status")).includes("接続できません"), "the reconnection");
    expect(await say("/train samples=300 epochs=2")).toMatch(/待機中: 2 番目/);
    expect(logger.at("error")).toEqual([]);
  }, 60_000);
});
