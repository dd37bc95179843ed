import { HTTPFetchError, type messagingApi } from "@line/bot-sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../../src/core/logger.ts";
import { createTestBot } from "../../helpers/core.ts";
import { choices, code, text, type Reply } from "../../../src/core/reply.ts";
import { MediaStore } from "../../../src/bots/line/media.ts";
import { ProgressMilestones } from "../../../src/bots/line/progress.ts";
import { createRenderer, packMessages } from "../../../src/bots/line/render.ts";
import { defaultRetryPolicy, nextDelayMs, retryAfterMs } from "../../../src/bots/line/retry.ts";

const { bot } = createTestBot();
const renderer = createRenderer(
  new MediaStore("/nonexistent", undefined, silentLogger),
  silentLogger,
  (action) => bot.rulesOf(action)?.privateInGroups === true,
);
/** As for a 1:1 chat. */
const render = (replies: readonly Reply[]) => renderer(replies, { direct: true });
const texts = (count: number): messagingApi.Message[] =>
  Array.from({ length: count }, (_, index) => ({ type: "text", text: `m${index}` }));

describe("LINE rendering", () => {
  it("keeps code's line breaks and indentation as plain text", async () => {
    const snippet = "model = Sequential([\n    Dense(128),\n    Dropout(0.3),\n])";
    expect(await render([code(snippet, "python")])).toEqual([{ type: "text", text: snippet }]);
  });

  it("splits text longer than 5000 characters at line breaks", async () => {
    const long = Array.from({ length: 300 }, (_, index) => `${index} ${"あ".repeat(30)}`).join("\n");
    const messages = await render([text(long)]);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.type === "text" && message.text.length <= 5000).toBe(true);
    expect(messages.map((message) => (message.type === "text" ? message.text : "")).join("")).toBe(long);
  });

  it("puts choices on quick-reply postback buttons with short labels and what was tapped as display text", async () => {
    const [message] = await render([
      choices("どれ?", [{ label: "とても長いボタンのラベルで二十文字を超えています", action: "/quiz 14 3" }]),
    ]);
    const action = message?.quickReply?.items?.[0]?.action as messagingApi.PostbackAction;
    expect(action.type).toBe("postback");
    expect(action.label?.length).toBeLessThanOrEqual(20);
    expect(action.label?.endsWith("…")).toBe(true);
    expect(action.data).toBe("/quiz 14 3");
    expect(action.displayText).toBe("とても長いボタンのラベルで二十文字を超えています");
  });

  it("leaves what was tapped out of a group or room when it concerns the member alone (an answer's letter)", async () => {
    const question = choices("ボタンで答えてください", [
      { label: "A", action: "/answer A 7" },
      { label: "B", action: "/answer B 7" },
    ]);
    const actionsFor = async (direct: boolean) =>
      ((await renderer([question], { direct }))[0]?.quickReply?.items ?? []).map(
        (item) => item.action as messagingApi.PostbackAction,
      );
    const inGroup = await actionsFor(false);
    expect(inGroup.map((action) => action.data)).toEqual(["/answer A 7", "/answer B 7"]);
    expect(inGroup.every((action) => action.displayText === undefined)).toBe(true);
    expect((await actionsFor(true)).map((action) => action.displayText)).toEqual(["A", "B"]);
    // A memo page is the member's own too; other buttons still show what was tapped, so the group can follow.
    const [memos] = await renderer([choices("", [{ label: "次のページ ▶", action: "/memo list 2" }])], {
      direct: false,
    });
    expect(
      (memos?.quickReply?.items?.[0]?.action as messagingApi.PostbackAction).displayText,
    ).toBeUndefined();
    const [lesson] = await renderer([choices("", [{ label: "次へ ▶", action: "/lesson next" }])], {
      direct: false,
    });
    expect((lesson?.quickReply?.items?.[0]?.action as messagingApi.PostbackAction).displayText).toBe(
      "次へ ▶",
    );
  });

  it("hangs buttons with no prompt on the previous message", async () => {
    const messages = await render([text("解説"), choices("", [{ label: "次の問題 ▶", action: "/quiz 14" }])]);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.quickReply?.items).toHaveLength(1);
  });

  it("moves buttons to the last message, where LINE shows them", async () => {
    const messages = await render([
      text("解説"),
      choices("", [{ label: "次の問題 ▶", action: "/quiz 14" }]),
      text("復習に入りました"),
    ]);
    expect(messages.map((message) => message.quickReply?.items?.length)).toEqual([undefined, 1]);
  });

  it("shows at most 13 buttons and lists the rest as commands to type", async () => {
    const list = Array.from({ length: 15 }, (_, index) => ({
      label: `問題${index + 1}`,
      action: `/quiz 14 ${index + 1}`,
    }));
    const [message] = await render([choices("もう一度:", list)]);
    expect(message?.quickReply?.items).toHaveLength(13);
    expect(message?.type === "text" && message.text).toBe(
      "もう一度:\n問題14: /quiz 14 14\n問題15: /quiz 14 15",
    );
  });

  it("never sends an empty text", async () => {
    expect(await render([text("")])).toEqual([{ type: "text", text: "…" }]);
  });
});

describe("packing messages into requests of five", () => {
  it("leaves five or fewer alone", () => {
    expect(packMessages(texts(5))).toEqual([texts(5)]);
  });

  it("joins neighbouring texts when there are more than five", () => {
    const batches = packMessages(texts(7));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(5);
    expect(batches[0]?.map((message) => (message.type === "text" ? message.text : ""))).toEqual([
      "m0\n\nm1\n\nm2",
      "m3",
      "m4",
      "m5",
      "m6",
    ]);
  });

  it("overflows into further requests what cannot be joined", () => {
    const images = Array.from({ length: 6 }, (): messagingApi.Message => ({
      type: "image",
      originalContentUrl: "https://x/a.png",
      previewImageUrl: "https://x/b.png",
    }));
    expect(packMessages(images).map((batch) => batch.length)).toEqual([5, 1]);
  });

  it("keeps every message's text, in order, whatever the mix", () => {
    fc.assert(
      // size "max": long bodies, so that packing really meets LINE's 5000-character limit.
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 3000, size: "max" }), { maxLength: 20 }),
        (bodies) => {
          const messages = bodies.map((body): messagingApi.Message => ({ type: "text", text: body }));
          const batches = packMessages(messages);
          for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(5);
          const joined = batches.flat().map((message) => (message.type === "text" ? message.text : ""));
          for (const message of batches.flat())
            expect(message.type === "text" && message.text.length <= 5000).toBe(true);
          expect(joined.join("\n\n")).toBe(bodies.join("\n\n"));
        },
      ),
    );
  });
});

describe("progress milestones", () => {
  it("keeps the start, the first update past halfway and the end of each job", () => {
    const filter = new ProgressMilestones();
    const kept = [0, 0.1, 0.4, 0.5, 0.6, 0.9].map((ratio) =>
      filter.keep({ kind: "progress", key: "a", text: "", ratio, done: false }),
    );
    expect(kept).toEqual([true, false, false, true, false, false]);
    expect(filter.keep({ kind: "progress", key: "a", text: "", ratio: 1, done: true })).toBe(true);
    expect(filter.keep({ kind: "progress", key: "a", text: "", ratio: 1, done: true })).toBe(false);
    expect(filter.keep({ kind: "progress", key: "b", text: "", done: false })).toBe(true);
  });
});

describe("retry waits", () => {
  const httpError = (status: number, headers: Record<string, string> = {}) =>
    new HTTPFetchError(`${status}`, { status, statusText: "", headers: new Headers(headers), body: "" });

  it("reads Retry-After in seconds or as an HTTP date", () => {
    const now = new Date("2026-11-28T09:00:00Z");
    expect(retryAfterMs(httpError(429, { "Retry-After": "7" }), now)).toBe(7000);
    expect(retryAfterMs(httpError(429, { "Retry-After": "Sat, 28 Nov 2026 09:00:30 GMT" }), now)).toBe(
      30_000,
    );
    expect(retryAfterMs(httpError(429), now)).toBeUndefined();
  });

  it("retries 429, 5xx and network failures a bounded number of times, and nothing else", () => {
    expect(nextDelayMs(httpError(503), 1, defaultRetryPolicy)).toBeGreaterThan(0);
    expect(nextDelayMs(new TypeError("fetch failed"), 1, defaultRetryPolicy)).toBeGreaterThan(0);
    expect(nextDelayMs(httpError(400), 1, defaultRetryPolicy)).toBeUndefined();
    expect(nextDelayMs(httpError(503), defaultRetryPolicy.maxAttempts, defaultRetryPolicy)).toBeUndefined();
    expect(nextDelayMs(httpError(503), 10, { ...defaultRetryPolicy, maxAttempts: 20 })).toBeLessThanOrEqual(
      defaultRetryPolicy.maxDelayMs,
    );
  });
});
