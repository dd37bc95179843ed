import type { Lesson } from "../../lessons/lesson.ts";
import type { CommandContext } from "../context.ts";
import type { ParsedArgs } from "../commands/types.ts";
import { UserError } from "../errors.ts";
import type { Reply } from "../reply.ts";

export const DEFAULT_ROUND_SECONDS = 30;
export const MIN_ROUND_SECONDS = 10;
export const MAX_ROUND_SECONDS = 120;

/** `/quiz group [step] [seconds] [bonus=off]` in a group chat. */
export function startGroupQuiz(context: CommandContext, lesson: Lesson, args: ParsedArgs): Reply[] {
  if (context.message.chatKind !== "group") {
    throw new UserError("group-quiz.direct-chat", {
      ja: "グループクイズはグループ(Discord のチャンネルや LINE のグループ)でみんなで解く機能です。ひとりで解くなら /quiz",
      en: "Group quizzes are played in a group chat (a Discord channel or a LINE group). To practise alone, use /quiz",
    });
  }
  if (lesson.questions.length === 0) {
    throw new UserError("quiz.no-questions", {
      ja: `STEP ${lesson.step} には練習問題がありません。`,
      en: `Step ${lesson.step} has no practice questions.`,
    });
  }
  const seconds = (args.values.seconds as number | undefined) ?? DEFAULT_ROUND_SECONDS;
  // The parser has read 「なし」, "bonus=off" and the like as one of the option's choices.
  const speedBonus = args.values.bonus !== "off";
  return context.services.groupQuiz().start(context, lesson, { seconds, speedBonus });
}

/** `/quiz stop`. */
export const stopGroupQuiz = (context: CommandContext): Reply[] => context.services.groupQuiz().stop(context);
