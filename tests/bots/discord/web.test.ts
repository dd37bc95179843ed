import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alice, chatInputCommand } from "../../fakes/discord/index.ts";
import { exchange, startHarness, textOfBody, type Harness } from "./harness.ts";

const EPHEMERAL = 64;
const LINK = /http:\/\/localhost:\d+\/web\/signin\/[A-Za-z0-9_-]{43}/;

describe("/web on Discord", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ web: true });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("answers in a server with the group page's sign-in link, privately", async () => {
    const result = await exchange(harness, chatInputCommand("web", [], alice));
    expect(result.callback.data?.flags ?? 0).toBe(EPHEMERAL);
    const text = textOfBody(result.callback.data);
    expect(text).toContain("このグループのページ");
    expect(text).toMatch(LINK);
  });

  it("answers in a DM with the learner's own page", async () => {
    const result = await exchange(harness, chatInputCommand("web", [], alice, { dmChannelId: "dm-1" }));
    const text = textOfBody(result.callback.data);
    expect(text).toContain("あなたの学習ページ");
    expect(text).toMatch(LINK);
  });
});
