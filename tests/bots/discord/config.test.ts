import { describe, expect, it } from "vitest";
import { readDiscordConfig } from "../../../src/bots/discord/config.ts";
import { ConfigError } from "../../../src/config.ts";
import { RecordingLogger } from "../../helpers/logger.ts";

describe("readDiscordConfig", () => {
  it("is undefined without a token, so the other adapters (or the local chat) run alone", () => {
    expect(readDiscordConfig({})).toBeUndefined();
    expect(
      readDiscordConfig({ DISCORD_TOKEN: "  ", DISCORD_APPLICATION_ID: "1300000000000000001" }),
    ).toBeUndefined();
  });

  it("reads the token, application and guild ids, defaulting the API to Discord's", () => {
    expect(
      readDiscordConfig({
        DISCORD_TOKEN: "t0ken",
        DISCORD_APPLICATION_ID: "1300000000000000001",
        DISCORD_GUILD_ID: "1300000000000000100",
      }),
    ).toEqual({
      token: "t0ken",
      applicationId: "1300000000000000001",
      guildId: "1300000000000000100",
      apiBaseUrl: "https://discord.com/api",
    });
    expect(
      readDiscordConfig({
        DISCORD_TOKEN: "t0ken",
        DISCORD_APPLICATION_ID: "1300000000000000001",
        DISCORD_API_BASE_URL: "http://127.0.0.1:4000/api/",
      })?.apiBaseUrl,
    ).toBe("http://127.0.0.1:4000/api");
  });

  it("stops on a token without its application id, or ids that are not Discord ids", () => {
    expect(() => readDiscordConfig({ DISCORD_TOKEN: "t0ken" })).toThrow(ConfigError);
    expect(() => readDiscordConfig({ DISCORD_TOKEN: "t0ken" })).toThrow(/DISCORD_APPLICATION_ID/);
    expect(() => readDiscordConfig({ DISCORD_TOKEN: "t0ken", DISCORD_APPLICATION_ID: "my-bot" })).toThrow(
      /DISCORD_APPLICATION_ID/,
    );
    expect(() =>
      readDiscordConfig({
        DISCORD_TOKEN: "t0ken",
        DISCORD_APPLICATION_ID: "1300000000000000001",
        DISCORD_API_BASE_URL: "discord",
      }),
    ).toThrow(/DISCORD_API_BASE_URL/);
  });

  it("only warns about bad Discord settings when there is no token", () => {
    const logger = new RecordingLogger();
    expect(readDiscordConfig({ DISCORD_GUILD_ID: "my-server" }, logger)).toBeUndefined();
    const [warning] = logger.at("warn");
    expect(warning?.message).toContain("DISCORD_TOKEN is not set");
    expect(String(warning?.fields.details)).toContain("DISCORD_GUILD_ID");
    expect(() =>
      readDiscordConfig({
        DISCORD_TOKEN: "t0ken",
        DISCORD_APPLICATION_ID: "1300000000000000001",
        DISCORD_GUILD_ID: "my-server",
      }),
    ).toThrow(/DISCORD_GUILD_ID/);
  });
});
