import { afterEach, describe, expect, it } from "vitest";
import { GatewayClosedError } from "../../../src/bots/discord/gateway.ts";
import { autocomplete, chatInputCommand, OptionType } from "../../fakes/discord/index.ts";
import {
  exchange,
  expectStartRefused,
  startHarness,
  textOfBody,
  type Harness,
  type RecordingLogger,
} from "./harness.ts";

const EPHEMERAL = 64;
const reconnectWarnings = (logger: RecordingLogger) =>
  logger.at("warn").filter((entry) => entry.message === "discord: gateway reconnecting");

describe("Discord adapter lifecycle: a gateway closed for good, shutdown", () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("reports a gateway Discord closed for good (4004: token reset) instead of sitting silent", async () => {
    harness = await startHarness();
    harness.fake.gateway.closeSession(4004, "Authentication failed.");
    const { error } = await harness.adapter.ended;
    expect(error).toBeInstanceOf(GatewayClosedError);
    expect(error.code).toBe(4004);
    expect(error.message).toMatch(/AuthenticationFailed \(4004\).*DISCORD_TOKEN/);
    expect(
      harness.logger
        .at("error")
        .some((entry) => entry.message === "discord: gateway closed for good" && entry.fields.code === 4004),
    ).toBe(true);
  });

  it("logs no reconnect warning on a normal shutdown", async () => {
    harness = await startHarness();
    const { logger } = harness;
    await harness.close();
    harness = undefined;
    expect(reconnectWarnings(logger)).toEqual([]);
  });

  it("once taking new interactions stops, answers them privately that the bot is stopping", async () => {
    harness = await startHarness();
    await harness.adapter.stopIntake();

    const stats = await exchange(harness, chatInputCommand("stats", []));
    expect(stats.callback.type).toBe(4);
    expect(stats.callback.data?.flags).toBe(EPHEMERAL);
    expect(textOfBody(stats.callback.data)).toContain("再起動");
    const english = await exchange(harness, chatInputCommand("train", [], undefined, { locale: "en-US" }));
    expect(textOfBody(english.callback.data)).toContain("restarting");
    // Nothing reached the core: no user was created.
    expect(harness.app.db.prepare("SELECT COUNT(*) AS n FROM users").get()).toEqual({ n: 0 });

    const typing = autocomplete("lesson", [
      { name: "step", type: OptionType.Integer, value: "1", focused: true },
    ]);
    const suggestions = await exchange(harness, typing);
    expect(suggestions.callback).toEqual({ type: 8, data: { choices: [] } });
  });
});

describe("a gateway that refuses the bot at start", () => {
  it("fails to start with Discord's reason (4014: disallowed intents) instead of waiting forever", async () => {
    await expectStartRefused(/disallowed intents/i, {
      prepare: (fake) => fake.gateway.refuseNextIdentify(4014, "Disallowed intent(s)."),
    });
  });
});
