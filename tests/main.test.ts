import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { APPLICATION_ID, BOT_TOKEN, FakeDiscord } from "./fakes/discord/index.ts";
import { FakeMessagingApi } from "./fakes/line/fake-messaging-api.ts";

const PLATFORM_VARIABLES = /^(DISCORD_|LINE_|PUBLIC_BASE_URL$|PORT$|HOST$|MANABOT_|LOG_LEVEL$)/;

/** The environment of `npm start` without any platform or manabot settings of the machine running the tests. */
function baseEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "manabot-main-"));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !PLATFORM_VARIABLES.test(entry[0]),
    ),
  );
  return {
    ...env,
    MANABOT_DB: join(dir, "manabot.db"),
    MANABOT_CHART_DIR: join(dir, "charts"),
    LINE_MEDIA_DIR: join(dir, "media"),
    LOG_LEVEL: "info",
    HOST: "127.0.0.1",
    PORT: "0",
  };
}

interface Running {
  stderr: () => string;
  exited: Promise<number | null>;
  kill: (signal: NodeJS.Signals) => void;
}

/** Runs `npm start`'s entry point and resolves once it says it is running. */
async function startMain(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env, stdio: "pipe" });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!stderr.includes("manabot is running")) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`manabot did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { stderr: () => stderr, exited, kill: (signal) => child.kill(signal) };
}

describe("npm start (src/main.ts) as a process", () => {
  let discord: FakeDiscord | undefined;
  let line: FakeMessagingApi | undefined;
  let running: Running | undefined;
  afterEach(async () => {
    running?.kill("SIGKILL");
    running = undefined;
    await discord?.close();
    await line?.close();
    discord = undefined;
    line = undefined;
  });

  const discordEnv = (fake: FakeDiscord) => ({
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_BASE_URL: fake.apiBaseUrl,
  });

  it("exits with code 1 when Discord closes the gateway for good (4004), instead of running deaf", async () => {
    discord = await FakeDiscord.start();
    running = await startMain({ ...baseEnv(), ...discordEnv(discord) });
    discord.gateway.closeSession(4004, "Authentication failed.");
    expect(await running.exited).toBe(1);
    expect(running.stderr()).toContain("discord stopped working for good; shutting down");
  }, 60_000);

  it("stops on Ctrl+C with both platforms, without a misleading reconnect warning", async () => {
    discord = await FakeDiscord.start();
    line = await FakeMessagingApi.start("line-token");
    running = await startMain({
      ...baseEnv(),
      ...discordEnv(discord),
      LINE_CHANNEL_SECRET: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
      LINE_CHANNEL_ACCESS_TOKEN: "line-token",
      LINE_API_BASE_URL: line.url,
      HOST: "127.0.0.1",
      PORT: "0",
    });
    running.kill("SIGINT");
    expect(await running.exited).toBe(130);
    expect(running.stderr()).not.toContain("gateway reconnecting");
  }, 60_000);

  it("opens the local chat with no tokens even when unused platform settings or PORT are invalid", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      input: "/help\n",
      encoding: "utf8",
      env: {
        ...baseEnv(),
        LOG_LEVEL: "warn",
        PORT: "abc",
        LINE_MEDIA_MAX_AGE_HOURS: "soon",
        DISCORD_GUILD_ID: "my-server",
      },
      timeout: 60_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("/lesson");
    expect(result.stderr).toContain("invalid LINE settings are ignored");
    expect(result.stderr).toContain("the HTTP server did not start");
    expect(result.stderr).toContain("invalid Discord settings are ignored");
  }, 60_000);
});
