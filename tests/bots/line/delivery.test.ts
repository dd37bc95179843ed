import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultRetryPolicy } from "../../../src/bots/line/retry.ts";
import type { Address } from "../../../src/core/conversation.ts";
import { text } from "../../../src/core/reply.ts";
import { chartPng } from "../../fakes/trainer.ts";
import { groupId, groupSource, textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { LineHarness, textsOf } from "./harness.ts";

describe("LINE delivery: retries, fallbacks and pushes", () => {
  let harness: LineHarness;
  let user: string;
  beforeEach(async () => {
    harness = await LineHarness.start();
    user = userId();
  });
  afterEach(async () => {
    await harness.close();
  });

  const address = (chatId: string, chatKind: Address["chatKind"] = "direct"): Address => ({
    platform: "line",
    chatId,
    userId: chatId,
    chatKind,
  });

  it("retries a push answered 429, waiting as Retry-After asks, with one retry key", async () => {
    harness.api.failNext("push", { status: 429, times: 2, retryAfter: "3" });
    await harness.line.pusher.push(address(user), [text("⏰ 復習の時間です")]);

    const pushes = harness.api.callsTo("push");
    expect(pushes.map((call) => call.status)).toEqual([429, 429, 200]);
    const keys = new Set(pushes.map((call) => call.headers["x-line-retry-key"]));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(harness.sleeps).toEqual([3000, 3000]);
    expect(harness.api.delivered).toEqual([
      expect.objectContaining({
        endpoint: "push",
        to: user,
        messages: [{ type: "text", text: "⏰ 復習の時間です" }],
      }),
    ]);
  });

  it("waits at least its own growing backoff when the server says Retry-After: 0", async () => {
    harness.api.failNext("push", { status: 429, times: 3, retryAfter: "0" });
    await harness.line.pusher.push(address(user), [text("あとで一度だけ")]);
    expect(harness.api.callsTo("push").map((call) => call.status)).toEqual([429, 429, 429, 200]);
    expect(harness.sleeps).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = harness.sleeps;
    expect(first).toBeGreaterThanOrEqual(defaultRetryPolicy.baseDelayMs * 0.75);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
  });

  it("treats a Retry-After date already past like Retry-After: 0", async () => {
    harness.api.failNext("push", { status: 503, times: 1, retryAfter: new Date(0).toUTCString() });
    await harness.line.pusher.push(address(user), [text("過去の日付")]);
    expect(harness.sleeps).toHaveLength(1);
    expect(harness.sleeps[0]).toBeGreaterThanOrEqual(defaultRetryPolicy.baseDelayMs * 0.75);
  });

  it("retries a reply answered 500 with growing backoff", async () => {
    harness.api.failNext("reply", { status: 500, times: 2 });
    await harness.send([textEvent("/help", userSource(user))]);
    expect(harness.api.callsTo("reply").map((call) => call.status)).toEqual([500, 500, 200]);
    expect(harness.sleeps).toHaveLength(2);
    const [firstWait = 0, secondWait = 0] = harness.sleeps;
    expect(secondWait).toBeGreaterThan(firstWait);
  });

  it("gives up after a bounded number of tries and logs what was not delivered", async () => {
    harness.api.failNext("push", { status: 503, times: 100 });
    await expect(harness.line.pusher.push(address(user), [text("届かないメッセージ")])).rejects.toThrow(
      /would not take the push/,
    );
    expect(harness.api.callsTo("push")).toHaveLength(4);
    const failure = harness.logger
      .at("error")
      .find((entry) => entry.message?.startsWith("LINE: could not send a push"));
    expect(failure?.fields).toMatchObject({ to: user, messages: ["text: 届かないメッセージ"] });
  });

  it("does not wait when the server asks for longer than the bound", async () => {
    harness.api.failNext("push", { status: 429, times: 1, retryAfter: "3600" });
    await expect(harness.line.pusher.push(address(user), [text("あとで")])).rejects.toThrow();
    expect(harness.api.callsTo("push")).toHaveLength(1);
    expect(harness.sleeps).toEqual([]);
    expect(harness.logger.at("error")).toHaveLength(1);
  });

  it("pushes instead when LINE refuses the reply token", async () => {
    const event = textEvent("/help", userSource(user));
    harness.api.expireReplyToken(event.replyToken ?? "");
    await harness.send([event]);
    expect(harness.api.callsTo("reply").map((call) => call.status)).toEqual([400]);
    expect(harness.api.delivered).toEqual([expect.objectContaining({ endpoint: "push", to: user })]);
    expect(textsOf(harness.api.delivered[0]?.messages ?? [])).toContain("manabot");
  });

  it("treats a push LINE already accepted under the same retry key (409) as delivered", async () => {
    // The first try is accepted but its answer lost: LINE answers the retry with 409.
    harness.api.failNext("push", { status: 409, times: 1 });
    await harness.line.pusher.push(address(user), [text("一度だけ")]);
    expect(harness.logger.at("error")).toEqual([]);
  });

  it("pushes to groups and sends more than five messages in several requests", async () => {
    const group = groupId();
    const png = await chartPng();
    const many = Array.from({ length: 7 }, (_, index) => ({
      kind: "image" as const,
      png,
      alt: `図 ${index}`,
      filename: "x.png",
    }));
    await harness.line.pusher.push(address(group, "group"), many);
    const pushes = harness.api.delivered;
    expect(pushes.map((push) => [push.to, push.messages.length])).toEqual([
      [group, 5],
      [group, 2],
    ]);
    expect(pushes.flatMap((push) => push.messages).every((message) => message.type === "image")).toBe(true);
  });

  it("says in a group whose push it is: the member's name, in the language they chose", async () => {
    const group = groupId();
    const aoi = userId();
    const ren = userId();
    harness.api.setProfile(aoi, "あおい");
    harness.api.setProfile(ren, "Ren");
    await harness.send([textEvent("/lang en", groupSource(group, ren))]);
    const mark = harness.api.delivered.length;
    const member = (who: string): Address => ({
      platform: "line",
      chatId: group,
      userId: who,
      chatKind: "group",
    });
    await harness.line.pusher.push(member(aoi), [text("⏰ 今日の学習の時間です!")]);
    await harness.line.pusher.push(member(ren), [text("⏰ Time for today's study!")]);
    await harness.line.pusher.push(address(user), [text("⏰ 1:1 には名前なし")]);
    expect(harness.api.delivered.slice(mark).map((push) => textsOf(push.messages))).toEqual([
      "あおい さんへ: ⏰ 今日の学習の時間です!",
      "For Ren: ⏰ Time for today's study!",
      "⏰ 1:1 には名前なし",
    ]);
  });

  it("goes on without a name when LINE does not know the member", async () => {
    const group = groupId();
    const stranger = userId();
    await harness.line.pusher.push({ platform: "line", chatId: group, userId: stranger, chatKind: "group" }, [
      text("⏰ リマインダー"),
    ]);
    expect(textsOf(harness.api.delivered.at(-1)?.messages ?? [])).toBe("⏰ リマインダー");
    // Looking the member up wrote nothing.
    expect(harness.app.db.prepare("SELECT COUNT(*) AS n FROM users").get()).toEqual({ n: 0 });
  });

  it("sends an image that cannot be hosted as its description", async () => {
    await harness.line.pusher.push(address(user), [
      { kind: "image", png: new Uint8Array([1, 2, 3]), alt: "壊れた図", filename: "x.png" },
    ]);
    expect(textsOf(harness.api.delivered[0]?.messages ?? [])).toContain("壊れた図");
    expect(harness.logger.at("error").map((entry) => entry.message)).toContain(
      "LINE: could not host an image; sending its description",
    );
  });

  it("refuses addresses of other platforms", async () => {
    await expect(
      harness.line.pusher.push({ ...address(user), platform: "discord" }, [text("x")]),
    ).rejects.toThrow(/discord/);
  });
});
