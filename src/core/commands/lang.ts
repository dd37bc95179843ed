import { text } from "../reply.ts";
import type { Command } from "./types.ts";

export const langCommand: Command = {
  name: "lang",
  aliases: ["言語", "language"],
  summary: { ja: "表示言語を切り替える(ja / en)", en: "Switch the bot's language (ja / en)" },
  usage: ["/lang en — English", "/lang ja — 日本語"],
  options: [
    {
      name: "language",
      type: "string",
      description: { ja: "言語", en: "language" },
      required: true,
      choices: ["ja", "en"],
    },
  ],
  privateInGroups: true,
  run(context, args) {
    const locale = args.values.language === "en" ? "en" : "ja";
    context.services.stores.users.setLocale(context.userId, locale);
    return [
      text(
        locale === "ja"
          ? "🇯🇵 日本語で表示します。(レッスン本文はいつも日本語です)"
          : "🇬🇧 I will answer in English. (Lesson texts stay in Japanese, as the course wrote them.)",
      ),
    ];
  },
};
