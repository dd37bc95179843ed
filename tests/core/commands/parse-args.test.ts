import { describe, expect, it } from "vitest";
import { createTestBot, textOf } from "../../helpers/core.ts";

describe("a missing argument", () => {
  it("is explained with an example of the subcommand that was typed, in the user's language", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/memo delete"))).toBe("メモの番号(id)を指定してください。例: /memo delete 3");
    expect(textOf(await say("/memo add"))).toBe(
      "メモの内容(text)を指定してください。例: /memo add ドロップアウトは訓練時だけ",
    );
    await say("/lang en");
    expect(textOf(await say("/memo delete"))).toBe("Please give memo number (id). Example: /memo delete 3");
    expect(textOf(await say("/memo add"))).toBe(
      "Please give the memo text (text). Example: /memo add dropout only applies while training",
    );
  });

  it("of a command without subcommands shows the command's own example", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/answer"))).toBe("選択肢(choice)を指定してください。例: /answer A");
    expect(textOf(await say("/lang"))).toBe("言語(language)を指定してください。例: /lang en");
  });
});
