import type { CommandContext } from "../context.ts";
import { UserError } from "../errors.ts";
import { choices, text, type Reply } from "../reply.ts";
import { userDayStreaks } from "../streaks/user-streaks.ts";
import { hashLinkCode } from "./code.ts";
import type { MergeReport } from "./merge-store.ts";
import { describeAccounts, platformName } from "./render.ts";
import type { Account } from "./store.ts";

/** Codes typed wrong (or expired, or used) allowed per account within the window, before it must wait. */
export const MAX_LINK_FAILURES = 5;
export const LINK_FAILURE_WINDOW_MINUTES = 15;
const MINUTE = 60_000;

/** `/link <code>` on the other platform: checks the code and joins the two learners. */
export function redeemLinkCode(context: CommandContext, account: Account, typed: string): Reply[] {
  const { stores, clock } = context.services;
  const now = clock.now();
  checkAttemptsLeft(context, account, now);
  const hash = hashLinkCode(typed);
  const code = stores.links.findCode(hash);
  const refuse = (code: string, ja: string, en: string): never => {
    stores.links.recordFailure(account.id, now);
    const left = MAX_LINK_FAILURES - stores.links.failuresSince(account.id, windowStart(now)).count;
    const tries = left > 0 ? { ja: `(あと ${left} 回)`, en: ` (${left} tries left)` } : { ja: "", en: "" };
    throw new UserError(code, { ja: `${ja}${tries.ja}`, en: `${en}${tries.en}` });
  };
  if (!code) {
    return refuse(
      "link.wrong-code",
      "そのコードは見つかりません。もう一方のプラットフォームで /link を送り、表示されたコードを入力してください。",
      "That code does not exist. Send /link on your other platform and type the code it shows.",
    );
  }
  if (code.usedAt) {
    return refuse(
      "link.used-code",
      "そのコードはもう使われています。新しいコードを /link で発行してください。",
      "That code has already been used. Get a new one with /link.",
    );
  }
  if (code.expiresAt.getTime() <= now.getTime()) {
    return refuse(
      "link.expired-code",
      "そのコードは期限切れです(10 分間有効)。もう一度 /link で発行してください。",
      "That code has expired (codes last 10 minutes). Get a new one with /link.",
    );
  }
  const learners = [stores.links.learnerOf(code.accountId), context.userId];
  const [first, second] = learners as [number, number];
  if (first === second) {
    throw new UserError("link.already", {
      ja:
        code.accountId === account.id
          ? "それはこのアカウントのコードです。もう一方のプラットフォームで入力してください。"
          : "このアカウントはもう連携しています。連携中のアカウントは /link で確認できます。",
      en:
        code.accountId === account.id
          ? "That is this account's own code: type it on your other platform."
          : "These accounts are already linked. See them with /link.",
    });
  }
  checkOnePerPlatform(context, first, second);
  // The learner whose first account is older keeps the data; the other joins it.
  const report = stores.accountMerge.link(
    hash,
    account.id,
    Math.min(first, second),
    Math.max(first, second),
    now,
  );
  if (!report) {
    return refuse(
      "link.used-code",
      "そのコードはもう使われています。新しいコードを /link で発行してください。",
      "That code has already been used. Get a new one with /link.",
    );
  }
  context.services.logger.info(
    {
      learnerId: report.learnerId,
      mergedId: report.mergedId,
      answers: report.answers,
      duplicates: report.duplicateAnswers,
    },
    "accounts linked",
  );
  return linkedReplies(context, account, report);
}

const windowStart = (now: Date): Date => new Date(now.getTime() - LINK_FAILURE_WINDOW_MINUTES * MINUTE);

function checkAttemptsLeft(context: CommandContext, account: Account, now: Date): void {
  const failures = context.services.stores.links.failuresSince(account.id, windowStart(now));
  if (failures.count < MAX_LINK_FAILURES || !failures.oldest) return;
  const waitMs = failures.oldest.getTime() + LINK_FAILURE_WINDOW_MINUTES * MINUTE - now.getTime();
  const minutes = Math.max(1, Math.ceil(waitMs / MINUTE));
  throw new UserError("link.too-many-tries", {
    ja: `コードの入力に何度も失敗したため、しばらく受け付けません。${minutes} 分後にもう一度どうぞ。`,
    en: `Too many wrong codes. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
  });
}

/** A learner has one account per platform: two Discord accounts are two people, as far as the bot knows. */
function checkOnePerPlatform(context: CommandContext, first: number, second: number): void {
  const { links } = context.services.stores;
  const platforms = new Set(links.accounts(first).map((each) => each.platform));
  const shared = links.accounts(second).find((each) => platforms.has(each.platform));
  if (!shared) return;
  const name = platformName(shared.platform, context.locale);
  throw new UserError("link.same-platform", {
    ja: `どちらにも ${name} のアカウントがあるため連携できません。ひとりの学習者につき、各プラットフォーム 1 アカウントまでです。`,
    en: `Both already have a ${name} account, so they cannot be joined: one account per platform for each learner.`,
  });
}

function linkedReplies(context: CommandContext, account: Account, report: MergeReport): Reply[] {
  const { stores, clock } = context.services;
  const ja = context.locale === "ja";
  const accounts = describeAccounts(stores.links.accounts(report.learnerId), context.locale, account.id);
  const streak = userDayStreaks(stores, report.learnerId, clock.now());
  const duplicates =
    report.duplicateAnswers > 0
      ? ja
        ? `(同じ問題への重複 ${report.duplicateAnswers} 件は最初の回答を残しました)`
        : ` (${report.duplicateAnswers} duplicate answers to the same prompt: the earliest kept)`
      : "";
  const lines = ja
    ? [
        `🔗 連携しました: ${accounts}`,
        `まとめたもの: 回答 ${report.answers} 件${duplicates}・メモ ${report.memos} 件・復習カード ${report.reviewCards} 枚・レッスンの位置・学習ジョブ(どちらからでも /train status)`,
        `🔥 連続学習: ${streak.current} 日(両方の回答から数え直しました)`,
      ]
    : [
        `🔗 Linked: ${accounts}`,
        `Brought together: ${report.answers} answers${duplicates}, ${report.memos} memos, ${report.reviewCards} review cards, lesson position, training jobs (see them from either with /train status)`,
        `🔥 Day streak: ${streak.current} (counted again from both accounts' answers)`,
      ];
  const { kept, dropped } = report.reminder;
  const buttons = [];
  if (kept) {
    const where = platformName(kept.platform, context.locale);
    lines.push(
      ja
        ? `⏰ リマインダー: ${where} で設定した ${kept.localTime} のままです。`
        : `⏰ Reminder: stays at ${kept.localTime}, where you set it on ${where}.`,
    );
  }
  if (dropped) {
    const where = platformName(dropped.platform, context.locale);
    lines.push(
      ja
        ? `${where} の ${dropped.localTime} のリマインダーは止めました。そちらにしたいときは、そのチャットで /remind ${dropped.localTime}`
        : `The ${dropped.localTime} reminder on ${where} is off now; to use it instead, send /remind ${dropped.localTime} in that chat.`,
    );
    if (dropped.platform === context.message.platform && dropped.chatId === context.message.chatId) {
      buttons.push({
        label: ja ? `⏰ ${dropped.localTime} にする` : `⏰ Use ${dropped.localTime}`,
        action: `/remind ${dropped.localTime}`,
      });
    }
  }
  lines.push(ja ? "解除するには /unlink" : "To separate them: /unlink");
  return [text(lines.join("\n")), ...(buttons.length > 0 ? [choices("", buttons)] : [])];
}
