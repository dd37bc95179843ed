import { describe, expect, it } from "vitest";
import { readLineConfig } from "../../../src/bots/line/config.ts";
import { ConfigError } from "../../../src/config.ts";
import { RecordingLogger } from "../../helpers/logger.ts";

describe("LINE configuration", () => {
  it("is off when the channel is not configured", () => {
    expect(readLineConfig({})).toBeUndefined();
    expect(readLineConfig({ LINE_CHANNEL_SECRET: "", LINE_CHANNEL_ACCESS_TOKEN: " " })).toBeUndefined();
  });

  it("reads the channel and API base URL with defaults", () => {
    expect(
      readLineConfig({
        LINE_CHANNEL_SECRET: "secret",
        LINE_CHANNEL_ACCESS_TOKEN: "token",
      }),
    ).toEqual({
      channelSecret: "secret",
      channelAccessToken: "token",
      apiBaseUrl: "https://api.line.me",
      mediaDir: "data/line-media",
      mediaMaxAgeMs: 7 * 24 * 60 * 60 * 1000,
    });
    const custom = readLineConfig({
      LINE_CHANNEL_SECRET: "s",
      LINE_CHANNEL_ACCESS_TOKEN: "t",
      LINE_API_BASE_URL: "http://127.0.0.1:9999",
      LINE_MEDIA_MAX_AGE_HOURS: "2",
    });
    expect(custom).toMatchObject({
      apiBaseUrl: "http://127.0.0.1:9999",
      mediaMaxAgeMs: 2 * 60 * 60 * 1000,
    });
  });

  it("stops on half a channel or a bad value", () => {
    expect(() => readLineConfig({ LINE_CHANNEL_SECRET: "s" })).toThrow(ConfigError);
    expect(() => readLineConfig({ LINE_CHANNEL_ACCESS_TOKEN: "t" })).toThrow(/LINE_CHANNEL_SECRET/);
    expect(() =>
      readLineConfig({ LINE_CHANNEL_SECRET: "s", LINE_CHANNEL_ACCESS_TOKEN: "t", LINE_API_BASE_URL: "x" }),
    ).toThrow(/LINE_API_BASE_URL/);
  });

  it("reads empty values as unset (the default)", () => {
    const channel = { LINE_CHANNEL_SECRET: "s", LINE_CHANNEL_ACCESS_TOKEN: "t" };
    expect(readLineConfig({ ...channel, LINE_MEDIA_MAX_AGE_HOURS: "" })?.mediaMaxAgeMs).toBe(
      7 * 24 * 60 * 60 * 1000,
    );
  });

  it("only warns about bad LINE settings when the channel is not configured", () => {
    const logger = new RecordingLogger();
    expect(
      readLineConfig({ LINE_MEDIA_MAX_AGE_HOURS: "abc", LINE_API_BASE_URL: "api.example.com" }, logger),
    ).toBeUndefined();
    const [warning] = logger.at("warn");
    expect(warning?.message).toContain("not configured");
    expect(String(warning?.fields.details)).toContain("LINE_MEDIA_MAX_AGE_HOURS");
    expect(String(warning?.fields.details)).toContain("LINE_API_BASE_URL");
  });
});
