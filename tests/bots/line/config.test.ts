import { describe, expect, it } from "vitest";
import { readLineConfig } from "../../../src/bots/line/config.ts";
import { ConfigError } from "../../../src/config.ts";
import { RecordingLogger } from "../../helpers/logger.ts";

describe("LINE configuration", () => {
  it("is off when the channel is not configured", () => {
    expect(readLineConfig({})).toBeUndefined();
    expect(readLineConfig({ LINE_CHANNEL_SECRET: "", LINE_CHANNEL_ACCESS_TOKEN: " " })).toBeUndefined();
  });

  it("reads the channel, public URL, port and API base URL with defaults", () => {
    expect(
      readLineConfig({
        LINE_CHANNEL_SECRET: "secret",
        LINE_CHANNEL_ACCESS_TOKEN: "token",
        PUBLIC_BASE_URL: "https://bot.example.com/",
      }),
    ).toEqual({
      channelSecret: "secret",
      channelAccessToken: "token",
      publicBaseUrl: "https://bot.example.com",
      port: 3000,
      apiBaseUrl: "https://api.line.me",
      mediaDir: "data/line-media",
      mediaMaxAgeMs: 7 * 24 * 60 * 60 * 1000,
    });
    const custom = readLineConfig({
      LINE_CHANNEL_SECRET: "s",
      LINE_CHANNEL_ACCESS_TOKEN: "t",
      PORT: "8080",
      LINE_API_BASE_URL: "http://127.0.0.1:9999",
      LINE_MEDIA_MAX_AGE_HOURS: "2",
    });
    expect(custom).toMatchObject({
      port: 8080,
      apiBaseUrl: "http://127.0.0.1:9999",
      mediaMaxAgeMs: 2 * 60 * 60 * 1000,
    });
    expect(custom?.publicBaseUrl).toBeUndefined();
  });

  it("stops on half a channel or a bad value", () => {
    expect(() => readLineConfig({ LINE_CHANNEL_SECRET: "s" })).toThrow(ConfigError);
    expect(() => readLineConfig({ LINE_CHANNEL_ACCESS_TOKEN: "t" })).toThrow(/LINE_CHANNEL_SECRET/);
    expect(() =>
      readLineConfig({ LINE_CHANNEL_SECRET: "s", LINE_CHANNEL_ACCESS_TOKEN: "t", PORT: "http" }),
    ).toThrow(/PORT/);
    expect(() =>
      readLineConfig({
        LINE_CHANNEL_SECRET: "s",
        LINE_CHANNEL_ACCESS_TOKEN: "t",
        PUBLIC_BASE_URL: "bot.example.com",
      }),
    ).toThrow(/PUBLIC_BASE_URL/);
  });

  it("reads an empty PORT as unset (the default), and only digits as a port", () => {
    const channel = { LINE_CHANNEL_SECRET: "s", LINE_CHANNEL_ACCESS_TOKEN: "t" };
    expect(readLineConfig({ ...channel, PORT: "" })?.port).toBe(3000);
    expect(readLineConfig({ ...channel, PORT: "  " })?.port).toBe(3000);
    expect(readLineConfig({ ...channel, PORT: "0" })?.port).toBe(0);
    expect(readLineConfig({ ...channel, LINE_MEDIA_MAX_AGE_HOURS: "" })?.mediaMaxAgeMs).toBe(
      7 * 24 * 60 * 60 * 1000,
    );
    for (const bad of ["0x50", "1e3", "-1", "65536", "3000.5"]) {
      expect(() => readLineConfig({ ...channel, PORT: bad })).toThrow(/PORT/);
    }
  });

  it("only warns about bad LINE settings when the channel is not configured", () => {
    const logger = new RecordingLogger();
    expect(readLineConfig({ PORT: "abc", PUBLIC_BASE_URL: "bot.example.com" }, logger)).toBeUndefined();
    const [warning] = logger.at("warn");
    expect(warning?.message).toContain("not configured");
    expect(String(warning?.fields.details)).toContain("PORT: must be a port number");
    expect(String(warning?.fields.details)).toContain("PUBLIC_BASE_URL");
  });
});
