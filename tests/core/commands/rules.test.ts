import { describe, expect, it } from "vitest";
import { builtinCommands } from "../../../src/core/commands/index.ts";
import { createTestBot } from "../../helpers/core.ts";
import { FakeTrainer } from "../../fakes/trainer.ts";

describe("the rules a command declares, as platforms read them", () => {
  const { bot } = createTestBot();
  const privateIn = (line: string) => bot.rulesOf(line)?.privateInGroups;

  it("knows personal commands by name, and /train status by its first word", () => {
    for (const line of [
      "/memo list",
      "/answer A 3",
      "/stats",
      "/remind 21:00",
      "/timezone",
      "/lang en",
      "/review",
    ])
      expect({ line, private: privateIn(line) }).toEqual({ line, private: true });
    expect(privateIn("/train status")).toBe(true);
    expect(privateIn("/TRAIN Status")).toBe(true);
    expect(privateIn("/train dropout=0.3")).toBe(false);
    expect(privateIn("/quiz group 14")).toBe(false);
    expect(privateIn("/lesson 14")).toBe(false);
    expect(privateIn("/help")).toBe(false);
  });

  it("says which commands start long work, and names no command for what is not one", () => {
    expect(builtinCommands.filter((command) => command.deferred).map((command) => command.name)).toEqual([
      "train",
    ]);
    expect(bot.rulesOf("/train dropout=0.3")).toEqual({
      command: "train",
      privateInGroups: false,
      deferred: true,
    });
    expect(bot.rulesOf("/nosuch")).toBeUndefined();
    expect(bot.rulesOf("hello")).toBeUndefined();
    expect(bot.rulesOf("/lesson abc def ghi")).toBeUndefined();
  });
});

describe("reading a message once", () => {
  const direct = { platform: "local", chatId: "alice", userId: "alice", chatKind: "direct" } as const;

  it("gives the rules of a command that will run, and runs what it read", async () => {
    const trainer = await FakeTrainer.create();
    const { bot, conversation } = createTestBot({ trainer });
    let parsed = 0;
    const readParams = trainer.readParams.bind(trainer);
    trainer.readParams = (args) => {
      parsed += 1;
      return readParams(args);
    };
    const read = await bot.read({ ...direct, text: "/train epochs=2" });
    expect(read.rules).toEqual({ command: "train", privateInGroups: false, deferred: true });
    const [started] = await bot.answer(read, conversation);
    expect(started).toMatchObject({ kind: "text", text: expect.stringContaining("エポック 2") });
    // The trainer's parser ran once for the message: for the rules and for the job.
    expect(parsed).toBe(1);
    await trainer.close();
  });

  it("gives no rules when the command is refused at once, and answers with the reason", async () => {
    const trainer = await FakeTrainer.create();
    const { bot, conversation } = createTestBot({ trainer });
    const read = await bot.read({ ...direct, text: "/train dropout=5" });
    expect(read.rules).toBeUndefined();
    const [reason] = await bot.answer(read, conversation);
    expect(reason).toMatchObject({ kind: "text", error: true, text: expect.stringContaining("dropout") });
    const untrained = await createTestBot().bot.read({ ...direct, text: "/train" });
    expect(untrained.rules).toBeUndefined();
  });
});
