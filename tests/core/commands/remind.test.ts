import { describe, expect, it } from "vitest";
import type { Conversation } from "../../../src/core/conversation.ts";
import { actionsOf, createTestBot, textOf } from "../../helpers/core.ts";

describe("/remind and /timezone", () => {
  it("shows, sets and turns off the reminder in Asia/Tokyo by default", async () => {
    const { say } = createTestBot(); // 2026-11-28 18:00 JST
    expect(textOf(await say("/remind"))).toContain("リマインダーは設定されていません");
    expect(textOf(await say("/remind 21:00"))).toContain(
      "毎日 21:00(Asia/Tokyo)に学習リマインダーを送ります。\n次回: 2026-11-28 21:00",
    );
    expect(textOf(await say("リマインド"))).toContain("リマインダー: 毎日 21:00(Asia/Tokyo)");
    expect(textOf(await say("/remind off"))).toContain("🔕 リマインダーを止めました");
    expect(textOf(await say("/remind off"))).toContain("設定されていません");
  });

  it("explains a time it cannot read", async () => {
    const { say } = createTestBot();
    for (const bad of ["25:00", "24時", "21.00", "午前21時"]) {
      expect(textOf(await say(`/remind ${bad}`))).toContain("21:00、21時、21時30分、午後9時 のように");
    }
  });

  it("sets the time zone with the reminder and says where a group reminder goes", async () => {
    const { bot, say } = createTestBot();
    const replies = await say("/remind 7:30 America/New_York", { chatId: "room", chatKind: "group" });
    expect(textOf(replies)).toContain("🌏 タイムゾーンを America/New_York にしました。");
    expect(textOf(replies)).toContain(
      "毎日 07:30(America/New_York)に学習リマインダーを送ります(このチャットに届きます)",
    );
    expect(textOf(replies)).toContain("次回: 2026-11-28 07:30"); // 04:00 in New York now
    expect(textOf(await say("/timezone"))).toContain("America/New_York(現在 2026-11-28 04:00)");
    // A platform whose pusher delivers elsewhere (Discord: by DM first) says so through the conversation.
    const byDm: Conversation = { send: async () => {}, pushNote: { ja: "(DM に届きます)", en: " (by DM)" } };
    const elsewhere = await bot.receive(
      { platform: "discord", chatId: "channel", userId: "alice", chatKind: "group", text: "/remind 8:00" },
      byDm,
    );
    expect(textOf(elsewhere)).toContain("に学習リマインダーを送ります(DM に届きます)。");
  });

  it("validates time zones with Intl and suggests close names as buttons", async () => {
    const { say } = createTestBot();
    const typo = await say("/timezone Asia/Tokio");
    expect(textOf(typo)).toContain("見つかりません");
    expect(actionsOf(typo)).toContain("/timezone Asia/Tokyo");
    expect(actionsOf(await say("/timezone Nwe York"))).toEqual(["/timezone America/New_York"]);
    expect(actionsOf(await say("/remind 21:00 Londn"))).toEqual(["/remind 21:00 Europe/London"]);
    expect(textOf(await say("/timezone Nowhere/Atall"))).toContain("IANA 名");
    expect(textOf(await say("/timezone europe/paris"))).toContain("Europe/Paris");
  });

  it("keeps the reminder's local time when the zone changes, counting from the change", async () => {
    const { say, db } = createTestBot();
    await say("/remind 21:00");
    const replies = await say("/timezone Europe/London");
    expect(textOf(replies)).toContain("リマインダーは Europe/London の毎日 21:00 に届きます");
    expect(db.prepare("SELECT active_since FROM reminders").get()).toEqual({
      active_since: "2026-11-28T09:00:00.000Z",
    });
    expect(textOf(await say("/lang en"))).toContain("English");
    expect(textOf(await say("/remind"))).toContain(
      "Reminder: daily at 21:00 (Europe/London)\nNext: 2026-11-28 21:00",
    );
  });
});
