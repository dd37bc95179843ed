import { describe, expect, it } from "vitest";
import { createStores } from "../../../src/core/store/stores.ts";
import { openDatabase } from "../../../src/db/open.ts";

function storesWithPrompt() {
  const stores = createStores(openDatabase(":memory:"));
  const now = new Date("2026-11-28T09:00:00Z");
  const user = stores.users.ensure("local", "alice", "Alice", now);
  const prompt = stores.quiz.createPrompt(
    { questionId: "14-1", step: 14, platform: "local", chatId: "alice", askedBy: user.id },
    now,
  );
  const attempt = { userId: user.id, prompt, choice: "A" as const, correct: true, at: now };
  return { stores, user, prompt, attempt };
}

describe("an answer and what goes with it", () => {
  it("are stored together: when the review move fails, the answer and its other writes are not kept", () => {
    const { stores, user, prompt, attempt } = storesWithPrompt();
    expect(() =>
      stores.quiz.recordAttempt(attempt, () => {
        stores.memos.add(user.id, 14, "written alongside the answer", attempt.at);
        throw new Error("the review move failed");
      }),
    ).toThrow("the review move failed");
    expect(stores.quiz.attemptFor(prompt.id, user.id)).toBeUndefined();
    expect(stores.memos.list(user.id, 14, 10, 0).total).toBe(0);
    // Nothing was half-written: the same answer can be recorded again.
    expect(stores.quiz.recordAttempt(attempt, () => "moved")).toBe("moved");
    expect(stores.quiz.attemptFor(prompt.id, user.id)).toEqual({ choice: "A", correct: true });
  });

  it("are not stored again for a second answer to the same question", () => {
    const { stores, attempt } = storesWithPrompt();
    expect(stores.quiz.recordAttempt(attempt, () => "moved")).toBe("moved");
    let movedAgain = false;
    const second = stores.quiz.recordAttempt({ ...attempt, choice: "B", correct: false }, () => {
      movedAgain = true;
    });
    expect(second).toBeUndefined();
    expect(movedAgain).toBe(false);
  });
});

describe("users", () => {
  it("are found by platform and platform id without being created", () => {
    const stores = createStores(openDatabase(":memory:"));
    expect(stores.users.find("line", "U1")).toBeUndefined();
    const made = stores.users.ensure("line", "U1", "Alice", new Date());
    stores.users.setLocale(made.id, "en");
    expect(stores.users.find("line", "U1")).toMatchObject({
      id: made.id,
      displayName: "Alice",
      locale: "en",
    });
    expect(stores.users.find("discord", "U1")).toBeUndefined();
  });
});
