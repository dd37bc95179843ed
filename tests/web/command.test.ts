import { afterEach, describe, expect, it } from "vitest";
import type { Pusher } from "../../src/core/conversation.ts";
import { createTestBot, textOf } from "../helpers/core.ts";
import { WebClient } from "./client.ts";
import { linkIn, startWebHarness, type WebHarness } from "./harness.ts";

describe("/web", () => {
  let harness: WebHarness;
  afterEach(async () => {
    await harness?.close();
  });

  it("answers a 1:1 chat with a one-time link to the learner's page, also for ウェブ and マイページ", async () => {
    harness = await startWebHarness();
    for (const word of ["/web", "ウェブ", "マイページ", "ウェブページ"]) {
      const replies = await harness.say(word);
      const link = linkIn(replies);
      expect(link, word).toBeDefined();
      expect(link?.startsWith(`${harness.http.baseUrl}/web/signin/`)).toBe(true);
      expect(textOf(replies)).toContain("10 分間・1 回だけ");
    }
    await harness.say("/lang en");
    expect(textOf(await harness.say("/web"))).toContain("It works once, for 10 minutes");
  });

  it("shows the page in the learner's /lang language", async () => {
    harness = await startWebHarness();
    await harness.say("/lang en");
    const client = new WebClient(harness.http.url);
    await client.signIn(await harness.signInLink());
    const page = await (await client.get("/web")).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain("Accuracy by step");
    expect(page).not.toContain("ステップ別の正答率");
  });

  it("in a group where replies are private (a Discord server), answers with the group page's link", async () => {
    harness = await startWebHarness();
    const replies = await harness.say("/web", {
      chatId: "channel-1",
      chatKind: "group",
      canReplyPrivately: true,
    });
    const link = linkIn(replies);
    expect(link).toBeDefined();
    expect(textOf(replies)).toContain("このグループのページ");
    expect(harness.pushed).toEqual([]);
    const client = new WebClient(harness.http.url);
    const signedIn = await client.signIn(link ?? "");
    expect(signedIn.headers.get("location")).toBe("/web/g/local/channel-1");
  });

  it("in a group every member reads (LINE), sends the link to the member's 1:1 chat and shows the group none", async () => {
    harness = await startWebHarness();
    const replies = await harness.say("ウェブ", {
      platform: "line",
      userId: "U1",
      chatId: "C-group",
      chatKind: "group",
      displayName: "あおい",
    });
    expect(linkIn(replies)).toBeUndefined();
    expect(textOf(replies)).toContain("あおい さん、📩");
    expect(textOf(replies)).toContain("1:1 チャットに送りました");
    expect(harness.pushed).toHaveLength(1);
    expect(harness.pushed[0]).toMatchObject({ platform: "line", to: "U1" });
    const link = linkIn(harness.pushed[0]?.replies ?? []);
    expect(link).toBeDefined();
    const client = new WebClient(harness.http.url);
    const signedIn = await client.signIn(link ?? "");
    expect(signedIn.headers.get("location")).toBe("/web/g/line/C-group");
    expect((await client.get("/web/g/line/C-group")).status).toBe(200);
  });

  it("when the 1:1 chat cannot be reached, says how to get the link without showing it", async () => {
    const refusing: Pusher = {
      async push() {
        throw new Error("LINE would not take the push");
      },
    };
    harness = await startWebHarness({ pushers: { line: refusing } });
    const replies = await harness.say("/web", {
      platform: "line",
      userId: "U2",
      chatId: "C-group",
      chatKind: "group",
    });
    expect(linkIn(replies)).toBeUndefined();
    expect(textOf(replies)).toContain("友だち追加");
    expect(harness.logger.at("warn").map((entry) => entry.message)).toContain(
      "web: could not send a link to a 1:1 chat",
    );
  });

  it("takes 「ウェブ 見た?」 in a group for chatter, and says so in a 1:1 chat", async () => {
    harness = await startWebHarness();
    expect(await harness.say("ウェブ 見た?", { chatId: "g", chatKind: "group" })).toEqual([]);
    expect(textOf(await harness.say("/web see"))).toContain("logout");
  });

  it("says the page is not available when the bot runs without its HTTP server", async () => {
    const { say } = createTestBot();
    const replies = await say("/web");
    expect(linkIn(replies)).toBeUndefined();
    expect(textOf(replies)).toContain("HTTP サーバー");
  });
});
