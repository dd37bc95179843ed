import type { CommandContext } from "../context.ts";
import { UserError } from "../errors.ts";

/**
 * While a group quiz runs in a chat, questions of one's own wait: their grades are shown to the whole chat
 * (LINE, the local chat), so one could give away the answer of the round on the table.
 */
export function refuseSoloDuringGroupQuiz(context: CommandContext): void {
  const { platform, chatId, chatKind } = context.message;
  if (chatKind !== "group" || !context.services.groupQuiz().isRunningIn(platform, chatId)) return;
  throw new UserError("group-quiz.solo-paused", {
    ja: "このチャットではグループクイズが進行中です。ひとりで解く問題は、クイズが終わるまで待つか、ボットとの個別チャット(DM)でどうぞ。",
    en: "A group quiz is running in this chat. For a question of your own, wait until it ends or message me directly (DM).",
  });
}
