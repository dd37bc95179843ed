import { describe, expect, it } from "vitest";
import { createTestBot, textOf } from "../../helpers/core.ts";

describe("a missing argument", () => {
  it("is explained with an example of the subcommand that was typed, in the user's language", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/memo delete"))).toBe("消すメモの番号を指定してください。例: /memo delete 3");
    expect(textOf(await say("/memo add"))).toBe(
      "メモを指定してください。例: /memo add ドロップアウトは訓練時だけ",
    );
    await say("/lang en");
    expect(textOf(await say("/memo delete"))).toBe(
      "Please give the number of the memo to delete. Example: /memo delete 3",
    );
    expect(textOf(await say("/memo add"))).toBe(
      "Please give a memo. Example: /memo add dropout only applies while training",
    );
  });

  it("of a command without subcommands shows the command's own example", async () => {
    const { say } = createTestBot();
    expect(textOf(await say("/answer"))).toBe("答え(A〜D)を指定してください。例: /answer A");
    await say("/lang en");
    expect(textOf(await say("/answer"))).toBe("Please give your answer (A–D). Example: /answer A");
  });
});
