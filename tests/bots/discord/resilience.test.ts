import { describe, expect, it } from "vitest";
import type { Address } from "../../../src/core/conversation.ts";
import { text } from "../../../src/core/reply.ts";
import {
  alice,
  bob,
  buttonTap,
  CHANNEL_ID,
  chatInputCommand,
  type RecordedCall,
} from "../../fakes/discord/index.ts";
import {
  exchange,
  expectStartRefused,
  isCallbackOf,
  replyMessageOf,
  textOfBody,
  useHarness,
} from "./harness.ts";

const inChannel = (userId: string): Address => ({
  platform: "discord",
  chatId: CHANNEL_ID,
  userId,
  chatKind: "group",
});
const channelPosts = (channelId: string) => (call: RecordedCall) =>
  call.method === "POST" && call.path === `/channels/${channelId}/messages`;
const discordError = (status: number, code: number, message: string) => ({ status, body: { message, code } });

describe("Discord trouble is logged, never fatal", () => {
  const harness = useHarness();

  it("resumes the session when the gateway asks for a reconnect, and keeps answering", async () => {
    const resumed = harness().fake.gateway.next("resumed");
    harness().fake.gateway.requestReconnect();
    await resumed;
    expect(harness().fake.gateway.seen.resumes).toBe(1);
    expect(harness().fake.gateway.seen.identifies).toHaveLength(1);
    const { callback } = await exchange(harness(), chatInputCommand("stats", []));
    expect(textOfBody(callback.data)).toContain("📊");
    expect(
      harness()
        .logger.at("warn")
        .some((entry) => entry.message === "discord: gateway reconnecting"),
    ).toBe(true);
  });

  it("answers in the channel when Discord no longer takes the interaction (10062), and handles the next one", async () => {
    const { fake, logger } = harness();
    fake.failNext("POST", /\/callback$/, discordError(404, 10062, "Unknown interaction"));
    // A public answer (/help; personal ones such as /stats are private in a server and stay private).
    const lost = chatInputCommand("help", []);
    const mark = fake.mark();
    fake.dispatchInteraction(lost);
    await fake.waitForCall(isCallbackOf(lost), mark);
    await harness().adapter.idle();
    expect(logger.at("warn").some((entry) => entry.fields.code === 10062)).toBe(true);
    const [posted] = fake.callsAfter(mark, channelPosts(CHANNEL_ID));
    expect(textOfBody(posted?.body)).toContain("/lesson");
    const { callback } = await exchange(harness(), chatInputCommand("stats", []));
    expect(callback.type).toBe(4);
  });

  it("apologises privately when Discord refuses the answer for another reason, and logs it", async () => {
    const { fake, logger } = harness();
    fake.failNext("POST", /\/callback$/, discordError(400, 50035, "Invalid Form Body"));
    const refused = chatInputCommand("help", [], bob, { locale: "en-US" });
    const mark = fake.mark();
    fake.dispatchInteraction(refused);
    await fake.waitForCalls(2, isCallbackOf(refused), mark);
    await harness().adapter.idle();
    const [first, apology] = fake.callsAfter(mark, isCallbackOf(refused));
    expect(first?.status).toBe(400);
    expect(apology?.body).toMatchObject({
      type: 4,
      data: { content: "Sorry, something went wrong on my side. Please try again.", flags: 64 },
    });
    expect(
      logger
        .at("error")
        .some(
          (entry) => entry.message === "discord: could not deliver a reply" && entry.fields.code === 50035,
        ),
    ).toBe(true);
  });

  it("only logs a lost private answer: it must not become public in the channel", async () => {
    const { fake, logger } = harness();
    const asked = chatInputCommand("lesson", [{ name: "step", type: 4, value: 14 }]);
    await exchange(harness(), asked);
    fake.failNext("POST", /\/callback$/, discordError(404, 10062, "Unknown interaction"));
    const tap = buttonTap("/lesson 14 next", replyMessageOf(harness(), asked), bob);
    const mark = fake.mark();
    fake.dispatchInteraction(tap);
    await fake.waitForCall(isCallbackOf(tap), mark);
    await harness().adapter.idle();
    expect(fake.callsAfter(mark, channelPosts(CHANNEL_ID))).toEqual([]);
    expect(
      logger
        .at("error")
        .some((entry) => entry.fields.code === 10062 && entry.fields.interactionId === tap.id),
    ).toBe(true);
  });

  it("pushes to the user's DMs", async () => {
    const { fake } = harness();
    const mark = fake.mark();
    await harness().adapter.pusher.push(inChannel(alice.id), [text("⏰ 復習の時間です")]);
    const [openDm, post] = fake.callsAfter(mark);
    expect(openDm).toMatchObject({
      method: "POST",
      path: "/users/@me/channels",
      body: { recipient_id: alice.id },
      status: 200,
    });
    const dmId = String(fake.state.dmChannelFor(alice.id).id);
    expect(post).toMatchObject({ method: "POST", path: `/channels/${dmId}/messages`, status: 200 });
    expect(textOfBody(post?.body)).toBe("⏰ 復習の時間です");
  });

  it("posts in the channel, mentioning the user, when their DMs are closed (50007)", async () => {
    const { fake, logger } = harness();
    const dmId = String(fake.state.dmChannelFor(bob.id).id);
    fake.failNext(
      "POST",
      new RegExp(`^/channels/${dmId}/messages$`),
      discordError(403, 50007, "Cannot send messages to this user"),
    );
    const mark = fake.mark();
    await harness().adapter.pusher.push(inChannel(bob.id), [text("⏰ 復習の時間です")]);
    expect(fake.callsAfter(mark, channelPosts(dmId)).map((call) => call.status)).toEqual([403]);
    const [fallback] = fake.callsAfter(mark, channelPosts(CHANNEL_ID));
    expect(fallback?.status).toBe(200);
    expect(fallback?.body).toMatchObject({
      content: `<@${bob.id}> ⏰ 復習の時間です`,
      allowed_mentions: { users: [bob.id] },
    });
    expect(
      logger.at("warn").some((entry) => entry.fields.code === 50007 && entry.fields.fallback === true),
    ).toBe(true);
  });

  it("gives up with a log line and a rejection when it may not post in the channel either (50013)", async () => {
    const { fake, logger } = harness();
    const dmId = String(fake.state.dmChannelFor(bob.id).id);
    fake.failNext(
      "POST",
      new RegExp(`^/channels/${dmId}/messages$`),
      discordError(403, 50007, "Cannot send messages to this user"),
    );
    fake.failNext(
      "POST",
      new RegExp(`^/channels/${CHANNEL_ID}/messages$`),
      discordError(403, 50013, "Missing Permissions"),
    );
    const mark = fake.mark();
    await expect(harness().adapter.pusher.push(inChannel(bob.id), [text("⏰")])).rejects.toThrow(
      /Missing Permissions/,
    );
    expect(fake.callsAfter(mark, channelPosts(CHANNEL_ID)).map((call) => call.status)).toEqual([403]);
    expect(logger.at("error").some((entry) => entry.fields.code === 50013)).toBe(true);
  });
});

describe("starting with a wrong token", () => {
  it("fails to start with Discord's answer instead of hanging", async () => {
    const fake = await expectStartRefused(/token/i, { config: { token: "not-the-token" } });
    expect(fake.gateway.seen.connections).toEqual([]);
  });
});
