import type { Locale } from "../conversation.ts";
import { pick } from "../i18n.ts";
import { text } from "../reply.ts";
import type { CommandContext } from "../context.ts";
import type { Command } from "./types.ts";

export const langCommand: Command = {
  name: "lang",
  aliases: ["言語", "language"],
  summary: {
    ja: "表示言語を切り替える(日本語 / 英語)",
    en: "Switch the bot's language (Japanese / English)",
  },
  usage: [
    "/lang en — English",
    "/lang ja — 日本語",
    "/lang    — 今の設定 / show yours",
    "言語 英語 ・ 言語 日本語",
  ],
  options: [
    {
      name: "language",
      type: "string",
      description: { ja: "言語(ja: 日本語、en: 英語)", en: "language (ja: Japanese, en: English)" },
      label: { ja: "言語", en: "the language" },
      choices: ["ja", "en"],
      choiceAliases: {
        日本語: "ja",
        にほんご: "ja",
        japanese: "ja",
        jp: "ja",
        英語: "en",
        えいご: "en",
        english: "en",
        eng: "en",
      },
    },
  ],
  privateInGroups: true,
  run(context, args) {
    const chosen = args.values.language as Locale | undefined;
    if (chosen === undefined) return [text(currentLanguage(context))];
    context.services.stores.users.setLocale(context.userId, chosen);
    return [
      text(
        pick(chosen, {
          ja: "🇯🇵 日本語で表示します。(レッスン本文はいつも日本語です)",
          en: "🇬🇧 I will answer in English. (Lesson texts stay in Japanese, as the course wrote them.)",
        }),
      ),
    ];
  },
};

function currentLanguage(context: CommandContext): string {
  return pick(context.locale, {
    ja: "🇯🇵 いまは日本語で表示しています。英語にするには「言語 英語」(/lang en)。",
    en: "🇬🇧 I am answering in English. For Japanese: /lang ja",
  });
}
