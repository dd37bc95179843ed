import { describe, expect, it } from "vitest";
import { actionsOf, createTestBot, textOf } from "../../helpers/core.ts";

const group = { chatId: "g1", chatKind: "group" as const };
const alice = { ...group, userId: "alice", displayName: "Alice" };
const bob = { ...group, userId: "bob", displayName: "Bob" };

describe("lesson buttons", () => {
  it("name the snippet they open, so they move on from the snippet they sit under", async () => {
    const { say } = createTestBot();
    await say("/lesson 14 3-1", alice);
    const under32 = await say("/lesson next", alice);
    expect(textOf(under32)).toContain("3-2.");
    const [next, , back] = actionsOf(under32);
    expect([next, back]).toEqual(["/lesson 14 3-3", "/lesson 14 3-1"]);
    // Bob taps Next under Alice's snippet: he gets the one after it, not his own next one.
    expect(textOf(await say(next!, { ...bob, isAction: true }))).toContain("3-3.");
    expect(textOf(await say(back!, { ...bob, isAction: true }))).toContain("3-1.");
    // Alice, now further on, taps the old Next: still the snippet after 3-2.
    await say("/lesson 14 6-1", alice);
    expect(textOf(await say(next!, { ...alice, isAction: true }))).toContain("3-3.");
    // …and it becomes her position: typed /lesson next goes on from there.
    expect(textOf(await say("/lesson next", alice))).toContain("4-1.");
  });

  it("offer no Back on the first snippet and no Next on the last", async () => {
    const { say } = createTestBot();
    expect(actionsOf(await say("/lesson 14"))).toEqual(["/lesson 14 1-1", "/quiz 14"]);
    expect(actionsOf(await say("/lesson 14 next-step"))).toEqual(["/quiz 14", "/lesson 14 key-code"]);
    await say("/lang en");
    expect(textOf(await say("/lesson 14 1-1"))).toContain("[Next ▶](/lesson 14 1-2)");
  });
});

describe("a saved position the lessons no longer have", () => {
  it("past the end of a shortened lesson reads as its last snippet", async () => {
    const { say, db } = createTestBot();
    await say("/lesson 14");
    db.prepare("UPDATE lesson_positions SET section_index = 999").run();
    expect(textOf(await say("/lesson"))).toContain("(22/22)");
    db.prepare("UPDATE lesson_positions SET section_index = 999").run();
    expect(textOf(await say("/lesson next"))).toContain("最後まで読みました");
    expect(textOf(await say("/lesson prev"))).toContain("(21/22)");
  });

  it("in a step that is gone falls back to the first lesson for /lesson, /quiz and /memo", async () => {
    const { say, db } = createTestBot();
    await say("/lesson 14");
    db.prepare("UPDATE lesson_positions SET step = 99, section_index = 5").run();
    expect(textOf(await say("/quiz"))).toContain("問題 1/4");
    expect(textOf(await say("/memo add あとで読む"))).toContain("STEP 14 に保存しました");
    expect(textOf(await say("/memo"))).toContain("あとで読む");
    expect(textOf(await say("/lesson"))).toContain("(1/22)");
    // A step typed by the user is still checked.
    expect(textOf(await say("/quiz 99"))).toContain("STEP 99 のレッスンはまだありません");
  });
});
