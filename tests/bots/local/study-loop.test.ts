import { describe, expect, it } from "vitest";
import { pipedChat } from "./piped-chat.ts";

describe("the study loop in the local chat", () => {
  it("schedules reviews with FSRS, gives a link code, and explains that scheduled quizzes are for groups", async () => {
    const transcript = await pipedChat([
      "/quiz",
      "/answer B",
      "/review",
      "/link",
      "/quiz schedule 20:00",
      "/unlink",
    ]);
    expect(transcript).toContain("📚 この問題は明日もう一度復習します。");
    expect(transcript).toContain("次の復習は明日");
    expect(transcript).toMatch(/🔗 連携コード: [A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(transcript).toContain("このアカウント: ローカル");
    expect(transcript).toContain("定期クイズはグループ");
    expect(transcript).toContain("連携しているアカウントはありません");
  });
});
