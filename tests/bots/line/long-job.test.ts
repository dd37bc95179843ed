import { loadImage } from "@napi-rs/canvas";
import { afterEach, describe, expect, it } from "vitest";
import { groupId, groupSource, textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { CHART_ALT, chartPng, FakeTrainer, RESULT_TEXT } from "../../fakes/trainer.ts";
import { LineHarness, PUBLIC_BASE_URL, textsOf } from "./harness.ts";

describe("LINE long jobs (/train): reply, then pushes", () => {
  let harness: LineHarness;
  let trainer: FakeTrainer;
  afterEach(async () => {
    await harness.close();
  });

  async function start(publicBaseUrl?: string | null) {
    trainer = await FakeTrainer.create();
    harness = await LineHarness.start({
      trainer: () => trainer,
      ...(publicBaseUrl !== undefined ? { publicBaseUrl } : {}),
    });
  }

  async function train(source: Parameters<typeof textEvent>[1]) {
    const event = textEvent("/train dropout=0.3 epochs=10", source);
    await harness.send([event]);
    await trainer.whenIdle();
    await harness.line.idle();
    return event;
  }

  it("replies that the job started, pushes a few progress milestones and the result with a hosted chart", async () => {
    await start();
    const user = userId();
    const event = await train(userSource(user));

    const [first, ...pushes] = harness.api.delivered;
    expect(first).toMatchObject({ endpoint: "reply", replyToken: event.replyToken });
    expect(textsOf(first?.messages ?? [])).toContain("ジョブ #1 を開始しました");
    expect(pushes.every((push) => push.endpoint === "push" && push.to === user)).toBe(true);

    // Eleven progress updates become three pushes: the first epoch, halfway, and the end.
    const progress = pushes.filter((push) =>
      push.messages.every((message) => message.type === "text" && /^[⏳✅]/u.test(message.text ?? "")),
    );
    expect(progress.map((push) => textsOf(push.messages))).toEqual([
      "⏳ [█░░░░░░░░░]  10% エポック 1/10",
      "⏳ [█████░░░░░]  50% エポック 5/10",
      "✅ 学習が終わりました",
    ]);

    const result = pushes.at(-1);
    const image = result?.messages.find((message) => message.type === "image");
    expect(textsOf(result?.messages ?? [])).toContain(RESULT_TEXT);
    expect(image?.originalContentUrl).toMatch(new RegExp(`^${PUBLIC_BASE_URL}/media/[0-9a-f]{32}\\.png$`));
    expect(image?.previewImageUrl).toMatch(
      new RegExp(`^${PUBLIC_BASE_URL}/media/[0-9a-f]{32}-preview\\.png$`),
    );

    const original = await harness.fetchPath(image?.originalContentUrl ?? "");
    expect(original.status).toBe(200);
    expect(original.headers.get("content-type")).toBe("image/png");
    const bytes = new Uint8Array(await original.arrayBuffer());
    expect(Buffer.from(bytes).equals(Buffer.from(await chartPng()))).toBe(true);

    const preview = await harness.fetchPath(image?.previewImageUrl ?? "");
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/png");
    const small = await loadImage(Buffer.from(await preview.arrayBuffer()));
    expect(small.width).toBeLessThanOrEqual(240);
    expect(small.width / small.height).toBeCloseTo(480 / 320, 1);

    // The loading animation shows while the job runs in a 1:1 chat.
    const loading = harness.api.callsTo("loading");
    expect(loading.length).toBeGreaterThan(0);
    expect(loading.every((call) => call.status === 202)).toBe(true);
    expect(loading[0]?.body).toEqual({ chatId: user, loadingSeconds: 60 });
  });

  it("pushes to the group, without a loading animation (LINE shows it in 1:1 chats only)", async () => {
    await start();
    const group = groupId();
    await train(groupSource(group, userId()));
    const pushes = harness.api.delivered.filter((sent) => sent.endpoint === "push");
    expect(pushes.length).toBeGreaterThan(0);
    expect(pushes.every((push) => push.to === group)).toBe(true);
    expect(harness.api.callsTo("loading")).toEqual([]);
  });

  it("sends the chart's description and how to enable images when PUBLIC_BASE_URL is not set", async () => {
    await start(null);
    await train(userSource(userId()));
    const result = harness.api.delivered.at(-1);
    expect(result?.messages.some((message) => message.type === "image")).toBe(false);
    expect(textsOf(result?.messages ?? [])).toContain(CHART_ALT);
    expect(textsOf(result?.messages ?? [])).toContain("PUBLIC_BASE_URL");
  });

  it("treats a PUBLIC_BASE_URL that is not HTTPS like none: the result arrives as text, with a warning why", async () => {
    await start("http://bot.example.test");
    expect(
      harness.logger
        .at("warn")
        .some((entry) => entry.message?.includes("not HTTPS") && entry.message.includes("as text")),
    ).toBe(true);
    await train(userSource(userId()));
    // LINE would refuse a whole push holding an http:// image; none is sent, so the result text arrives.
    expect(harness.api.callsTo("push").every((call) => call.status === 200)).toBe(true);
    const result = harness.api.delivered.at(-1);
    expect(result?.messages.some((message) => message.type === "image")).toBe(false);
    expect(textsOf(result?.messages ?? [])).toContain(RESULT_TEXT);
    expect(textsOf(result?.messages ?? [])).toContain(CHART_ALT);
  });
});
