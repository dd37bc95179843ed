import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../src/app.ts";
import { silentLogger } from "../src/core/logger.ts";
import { startHttpServer, type HttpServer } from "../src/http/server.ts";
import { PLATFORMS, startPlatforms, type StartedPlatforms } from "../src/platforms.ts";
import { RecordingLogger } from "./helpers/logger.ts";
import {
  alice,
  APPLICATION_ID,
  BOT_TOKEN,
  chatInputCommand,
  FakeDiscord,
  OptionType,
} from "./fakes/discord/index.ts";
import { FakeMessagingApi } from "./fakes/line/fake-messaging-api.ts";
import { textEvent, userId, userSource } from "./fakes/line/fixtures.ts";
import { postWebhook } from "./fakes/line/webhook-client.ts";

const SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const TOKEN = "line-token-for-tests";

describe("one process, two platforms", () => {
  let discord: FakeDiscord;
  let line: FakeMessagingApi;
  let app: App;
  let platforms: StartedPlatforms;
  let http: HttpServer;

  beforeAll(async () => {
    discord = await FakeDiscord.start();
    line = await FakeMessagingApi.start(TOKEN);
    app = createApp({ dbPath: ":memory:", logger: silentLogger });
    http = await startHttpServer({ port: 0, host: "127.0.0.1" }, silentLogger);
    platforms = await startPlatforms(app, silentLogger, http, {
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_BASE_URL: discord.apiBaseUrl,
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
      LINE_API_BASE_URL: line.url,
      LINE_MEDIA_DIR: mkdtempSync(join(tmpdir(), "manabot-media-")),
    });
  });
  afterAll(async () => {
    await platforms?.close();
    await http?.close();
    await app?.close();
    await discord?.close();
    await line?.close();
  });

  it("starts Discord and LINE from the environment, each with a pusher", () => {
    expect(platforms.names).toEqual(["discord", "line"]);
    expect(Object.keys(platforms.pushers).sort()).toEqual(["discord", "line"]);
  });

  it("serves both from the same core and database, keeping their users apart", async () => {
    const command = chatInputCommand("memo", [
      {
        name: "add",
        type: OptionType.Subcommand,
        options: [{ name: "text", type: OptionType.String, value: "Discord のメモ" }],
      },
    ]);
    const mark = discord.mark();
    discord.dispatchInteraction(command);
    const callback = await discord.waitForCall(
      (call) => call.path === `/interactions/${command.id}/${command.token}/callback`,
      mark,
    );
    expect(JSON.stringify(callback.body)).toContain("STEP 14 に保存");

    const lineUser = userId();
    const response = await postWebhook(
      http.url,
      [textEvent("メモ LINE のメモ", userSource(lineUser))],
      SECRET,
    );
    expect(response.status).toBe(200);
    await Promise.all(platforms.adapters.map((adapter) => adapter.idle()));
    expect(JSON.stringify(line.callsTo("reply").at(-1)?.body)).toContain("STEP 14 に保存");

    const users = app.db
      .prepare("SELECT platform, platform_user_id AS id FROM users ORDER BY platform")
      .all();
    expect(users).toEqual([
      { platform: "discord", id: alice.id },
      { platform: "line", id: lineUser },
    ]);
    expect(app.db.prepare("SELECT body FROM memos ORDER BY id").all()).toEqual([
      { body: "Discord のメモ" },
      { body: "LINE のメモ" },
    ]);
  });

  it("on shutdown, stops taking messages on both before work stops: Discord users are told, LINE gets 503", async () => {
    await platforms.stopIntake();
    const command = chatInputCommand("stats", []);
    const mark = discord.mark();
    discord.dispatchInteraction(command);
    const callback = await discord.waitForCall(
      (call) => call.path === `/interactions/${command.id}/${command.token}/callback`,
      mark,
    );
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(JSON.stringify(callback.body)).toContain("再起動");
    const response = await postWebhook(http.url, [textEvent("成績", userSource(userId()))], SECRET);
    expect(response.status).toBe(503);
  });
});

describe("platforms that are not configured, or that fail later", () => {
  it("only warns about invalid settings of a platform without credentials, so the local chat can start", async () => {
    const logger = new RecordingLogger();
    const app = createApp({ dbPath: ":memory:", logger });
    try {
      // The local chat is left out here: it would read this process's stdin (chosen below).
      const none = await startPlatforms(
        app,
        logger,
        undefined,
        { LINE_MEDIA_MAX_AGE_HOURS: "soon", DISCORD_GUILD_ID: "my-server" },
        PLATFORMS.filter((factory) => factory.platform !== "local"),
      );
      expect(none.names).toEqual([]);
      const warnings = logger.at("warn").map((entry) => JSON.stringify(entry));
      expect(
        warnings.some((line) => line.includes("LINE_MEDIA_MAX_AGE_HOURS") && line.includes("LINE")),
      ).toBe(true);
      expect(
        warnings.some((line) => line.includes("DISCORD_GUILD_ID") && line.includes("DISCORD_TOKEN")),
      ).toBe(true);
      await none.close();
    } finally {
      await app.close();
    }
  });

  it("lists the local chat last, so it knows whether any other platform runs", () => {
    expect(PLATFORMS.map((factory) => factory.platform)).toEqual(["discord", "line", "local"]);
  });

  it("reports Discord as failed when its gateway is closed for good (4004)", async () => {
    const fake = await FakeDiscord.start();
    const app = createApp({ dbPath: ":memory:", logger: silentLogger });
    const started = await startPlatforms(app, silentLogger, undefined, {
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_BASE_URL: fake.apiBaseUrl,
    });
    try {
      fake.gateway.closeSession(4004, "Authentication failed.");
      const ended = await started.ended;
      expect(ended.platform).toBe("discord");
      expect(ended.error?.message).toContain("4004");
    } finally {
      await started.close();
      await app.close();
      await fake.close();
    }
  });
});
