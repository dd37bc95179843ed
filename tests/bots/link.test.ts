import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { alice, buttonTap, chatInputCommand, OptionType, type Where } from "../fakes/discord/index.ts";
import { postbackEvent, textEvent, userId, userSource } from "../fakes/line/fixtures.ts";
import { FakeClock } from "../helpers/core.ts";
import { RecordingLogger } from "../helpers/logger.ts";
import {
  buttonsOf,
  exchange,
  replyMessageOf,
  startHarness,
  textOfBody,
  type Harness,
} from "./discord/harness.ts";
import { LineHarness, textsOf } from "./line/harness.ts";

const dm: Where = { dmChannelId: "1300000000000009001" };

describe("one learner on Discord and LINE, end to end through both fakes", () => {
  let app: App;
  let discord: Harness;
  let line: LineHarness;
  let aoi: string;
  const clock = new FakeClock();
  beforeAll(async () => {
    app = createApp({ dbPath: ":memory:", logger: new RecordingLogger(), clock });
    discord = await startHarness({ app });
    line = await LineHarness.start({ app });
    aoi = userId();
    line.api.setProfile(aoi, "あおい");
  });
  afterAll(async () => {
    await discord?.close();
    await line?.close();
    await app?.close();
  });

  const onDiscord = async (
    name: string,
    options: Parameters<typeof chatInputCommand>[1] = [],
    where = dm,
  ) => {
    const interaction = chatInputCommand(name, options, alice, where);
    const { callback, calls } = await exchange(discord, interaction);
    return {
      interaction,
      text: [textOfBody(callback.data), ...calls.slice(1).map((call) => textOfBody(call.body))].join("\n"),
    };
  };
  const onLine = async (text: string) => {
    await line.send([textEvent(text, userSource(aoi))]);
    return textsOf(line.api.delivered.at(-1)?.messages ?? []);
  };

  it("links the accounts with a code from one platform typed on the other, and shares everything", async () => {
    // On Discord: a question answered and a memo.
    const question = app.bot.services.lessons.question("14-1")!;
    const asked = await onDiscord("quiz", [
      {
        name: "solo",
        type: OptionType.Subcommand,
        options: [{ name: "step", type: OptionType.Integer, value: 14 }],
      },
    ]);
    const message = replyMessageOf(discord, asked.interaction);
    const right = buttonsOf(message).find((button) => button.label === question.answer)!;
    await exchange(discord, buttonTap(right.custom_id, message, alice, dm));
    await onDiscord("memo", [
      {
        name: "add",
        type: OptionType.Subcommand,
        options: [{ name: "text", type: OptionType.String, value: "Discord のメモ" }],
      },
    ]);
    // On LINE: another answer.
    await onLine("/quiz 14 2");
    const buttons =
      line.api.delivered
        .at(-1)
        ?.messages.at(-1)
        ?.quickReply?.items.map((item) => item.action) ?? [];
    await line.send([postbackEvent(buttons[0]!.data, userSource(aoi))]);

    // A code is not shown in a channel.
    expect((await onDiscord("link", [], {})).text).toContain("個別チャット(DM)");
    const issued = (await onDiscord("link")).text;
    const code = /連携コード: (\S{4}-\S{4})/.exec(issued)?.[1];
    expect(code).toBeDefined();

    const linked = await onLine(`連携 ${code}`);
    expect(linked).toContain("🔗 連携しました: Discord(Alice)・LINE(あおい)← このアカウント");
    expect(linked).toContain("回答 1 件・メモ 0 件");

    const statsOnLine = await onLine("成績");
    expect(statsOnLine).toContain("回答 2 回");
    expect((await onDiscord("stats")).text).toContain("回答 2 回");
    expect(await onLine("/memo list")).toContain("Discord のメモ");
    expect((await onDiscord("link")).text).toContain("連携中: Discord(Alice)← このアカウント・LINE(あおい)");
    // Reused: refused.
    expect(await onLine(`/link ${code}`)).toContain("もう使われています");

    expect(await onLine("連携解除")).toContain("🔓 連携を解除しました: LINE(あおい)");
    expect(await onLine("成績")).toContain("まだ回答がありません");
    expect((await onDiscord("stats")).text).toContain("回答 2 回");
  });
});
