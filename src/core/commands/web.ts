import type { Locale } from "../conversation.ts";
import { UserError } from "../errors.ts";
import { count, pick, type Localized } from "../i18n.ts";
import type { SignInLink, WebPort } from "../ports/web.ts";
import { text, type Reply } from "../reply.ts";
import type { CommandContext } from "../context.ts";
import type { Command } from "./types.ts";

export const webCommand: Command = {
  name: "web",
  aliases: ["ウェブ", "マイページ", "ウェブページ"],
  // A sign-in link is the sender's alone.
  privateInGroups: true,
  summary: {
    ja: "学習ページ(成績・メモ・学習の記録)をブラウザで開くリンク",
    en: "A link to your study page in the browser (progress, memos, training runs)",
  },
  usage: [
    "/web        — 自分の学習ページへのリンク(グループではグループのページ) / a sign-in link to your page (in a group: the group's page)",
    "/web logout — ウェブのセッションをすべて終了 / sign out of the page everywhere",
  ],
  options: [
    {
      name: "action",
      type: "string",
      description: { ja: "logout: すべてのセッションを終了", en: "logout: end every session" },
      choices: ["logout"],
      choiceAliases: { ログアウト: "logout", サインアウト: "logout", signout: "logout" },
    },
  ],
  async run(context, args) {
    const web = context.services.web;
    if (!web) throw new UserError("web.unavailable", UNAVAILABLE);
    if (args.values.action === "logout") return signOut(context, web);
    return signIn(context, web);
  },
};

function signOut(context: CommandContext, web: WebPort): Reply[] {
  const ended = web.signOutEverywhere(context.userId);
  return [
    text(
      pick(context.locale, {
        ja: `🔒 ウェブのセッションを ${ended} 件終了し、未使用のリンクを無効にしました。`,
        en: `🔒 Ended ${count(ended, "web session")} and voided your unused links.`,
      }),
    ),
  ];
}

/**
 * The link is a password for a few minutes: it goes only where the sender alone reads it — the reply in a
 * 1:1 chat or a private (ephemeral) answer, else a message to the sender's own 1:1 chat with the bot. A
 * group sees at most that a link was sent.
 */
async function signIn(context: CommandContext, web: WebPort): Promise<Reply[]> {
  const { message, locale } = context;
  const link = web.signInLink({ userId: context.userId, from: message, locale });
  const replies = linkReplies(link, locale, context.services.clock.now());
  if (message.chatKind === "direct" || message.canReplyPrivately) return replies;
  const sent = await web.sendDirect({ platform: message.platform, userId: message.userId }, replies);
  const name = message.displayName;
  const to = name ? pick(locale, { ja: `${name} さん、`, en: `${name}, ` }) : "";
  return [text(`${to}${pick(locale, sent ? SENT_DIRECT : CANNOT_SEND_DIRECT)}`)];
}

function linkReplies(link: SignInLink, locale: Locale, now: Date): Reply[] {
  const minutes = Math.max(1, Math.round((link.expiresAt.getTime() - now.getTime()) / 60_000));
  const whose = link.opens === "group";
  const intro = pick(locale, {
    ja: `🌐 ${whose ? "このグループのページ" : "あなたの学習ページ"}を開くリンクです。${minutes} 分間・1 回だけ使えます。ほかの人には見せないでください。`,
    en: `🌐 Here is a link to ${whose ? "your group's page" : "your study page"}. It works once, for ${count(minutes, "minute")}. Do not share it.`,
  });
  const after = pick(locale, {
    ja: "ページでは 7 日間サインインしたままになります。すべて終了するには: /web logout",
    en: "You stay signed in there for 7 days. To sign out everywhere: /web logout",
  });
  return [text(intro), text(link.url), text(after)];
}

const UNAVAILABLE: Localized = {
  ja: "いまはウェブのページを開けません(ボットの HTTP サーバーが動いていません)。",
  en: "The web page is not available right now (the bot's HTTP server is not running).",
};

const SENT_DIRECT: Localized = {
  ja: "📩 グループのページを開くリンクを、ボットとの 1:1 チャットに送りました(リンクは本人専用なので、ここには出しません)。",
  en: "📩 I sent a link to the group's page to your 1:1 chat with me (the link is yours alone, so it is not shown here).",
};

const CANNOT_SEND_DIRECT: Localized = {
  ja: "ボットとの 1:1 チャットにリンクを送れませんでした。ボットを友だち追加してから、このグループでもう一度 /web と送ってください(リンクは本人専用なので、グループには出しません)。",
  en: "I could not reach your 1:1 chat with me. Add me as a friend, then send /web in this group again (the link is yours alone, so it is not shown in the group).",
};
