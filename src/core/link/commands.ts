import type { Command } from "../commands/types.ts";
import type { CommandContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { text, type Reply } from "../reply.ts";
import { hashLinkCode, newLinkCode } from "./code.ts";
import { redeemLinkCode } from "./redeem.ts";
import { describeAccounts } from "./render.ts";
import type { Account } from "./store.ts";

export const LINK_CODE_MINUTES = 10;

export const linkCommand: Command = {
  name: "link",
  aliases: ["連携", "リンク"],
  summary: {
    ja: "Discord と LINE のアカウントをひとりの学習者として連携する",
    en: "Join your Discord and LINE accounts into one learner",
  },
  usage: [
    "/link            — 連携コードを発行し、連携中のアカウントを表示 / get a one-time code and see what is linked",
    "/link K7QM-3XPA  — もう一方のプラットフォームでコードを入力して連携 / type the code on the other platform",
    "「連携」「連携 K7QM-3XPA」 — 言葉でも / as words too",
  ],
  options: [
    {
      name: "code",
      type: "string",
      description: { ja: "もう一方で発行した連携コード", en: "the code from the other platform" },
      // Typed from a screen, perhaps with a space for the dash.
      rest: true,
      maxLength: 24,
    },
  ],
  run(context, args) {
    requireDirectChat(context);
    const account = currentAccount(context);
    const code = (args.values.code as string | undefined)?.trim();
    return code ? redeemLinkCode(context, account, code) : issueCode(context, account);
  },
};

export const unlinkCommand: Command = {
  name: "unlink",
  aliases: ["連携解除"],
  summary: { ja: "アカウントの連携を解除する", en: "Separate linked accounts" },
  usage: [
    "/unlink — 連携を解除(これまでの記録は最初のアカウントに残ります) / separate them (past data stays with the first account)",
  ],
  run(context) {
    requireDirectChat(context);
    const { stores, clock } = context.services;
    const account = currentAccount(context);
    const before = stores.links.accounts(stores.links.learnerOf(account.id));
    const left = stores.accountMerge.unlink(account.id, clock.now());
    const ja = context.locale === "ja";
    if (left.length === 0) {
      return [text(ja ? "連携しているアカウントはありません。" : "No accounts are linked.")];
    }
    const [first] = before;
    const leaving = before.filter((each) => left.includes(each.id));
    const names = describeAccounts(leaving, context.locale);
    const firstName = first ? describeAccounts([first], context.locale) : "";
    return [
      text(
        ja
          ? `🔓 連携を解除しました: ${names}。これまでの記録は最初のアカウント ${firstName} に残ります。また連携するには /link`
          : `🔓 Unlinked ${names}. Past data stays with the first account, ${firstName}. To link again: /link`,
      ),
    ];
  },
};

/** A code on screen is as good as a password for ten minutes: never in a group chat. */
function requireDirectChat(context: CommandContext): void {
  if (context.message.chatKind === "direct") return;
  throw new UserError("link.group-chat", {
    ja: "アカウントの連携は、ボットとの個別チャット(DM)で /link を送って行ってください(コードをほかの人に見られないように)。",
    en: "Link accounts in a direct chat with me (send /link there), so nobody else sees the code.",
  });
}

/** The account (this platform's identity) the message came from; context.userId is its learner. */
function currentAccount(context: CommandContext): Account {
  const { platform, userId } = context.message;
  const account = context.services.stores.links.accountOf(platform, userId);
  if (!account) throw new Error(`no account for ${platform} user ${userId}`);
  return account;
}

function issueCode(context: CommandContext, account: Account): Reply[] {
  const { stores, clock } = context.services;
  const now = clock.now();
  const code = newLinkCode();
  stores.links.issueCode(
    account.id,
    hashLinkCode(code),
    now,
    new Date(now.getTime() + LINK_CODE_MINUTES * 60_000),
  );
  const accounts = stores.links.accounts(context.userId);
  const ja = context.locale === "ja";
  const others = accounts.length > 1;
  // Alone, 「このアカウント: Discord(alice)」 already says which; linked, the marker shows which one is here.
  const linked = describeAccounts(accounts, context.locale, others ? account.id : undefined);
  return [
    text(
      ja
        ? `🔗 連携コード: ${code}(${LINK_CODE_MINUTES} 分間有効・1 回かぎり)\n` +
            `もう一方のプラットフォームでボットに「/link ${code}」と送ると、ふたつのアカウントがひとりの学習者になります。` +
            "回答・メモ・復習・連続学習日数・学習ジョブ・レッスンの位置がひとつにまとまります。\n" +
            `${others ? "連携中" : "このアカウント"}: ${linked}${others ? "(解除は /unlink)" : ""}`
        : `🔗 Link code: ${code} (valid ${LINK_CODE_MINUTES} minutes, once)\n` +
            `Send "/link ${code}" to me on your other platform to join the two accounts into one learner: ` +
            "answers, memos, reviews, streaks, training jobs and lesson position come together.\n" +
            `${others ? "Linked" : "This account"}: ${linked}${others ? " (to separate them: /unlink)" : ""}`,
    ),
  ];
}
