import { answerCommand } from "./answer.ts";
import { helpCommand } from "./help.ts";
import { langCommand } from "./lang.ts";
import { lessonCommand } from "./lesson.ts";
import { memoCommand } from "./memo.ts";
import { quizCommand } from "./quiz.ts";
import { remindCommand } from "./remind.ts";
import { reviewCommand } from "./review.ts";
import { statsCommand } from "./stats.ts";
import { timezoneCommand } from "./timezone.ts";
import { trainCommand } from "./train.ts";
import { linkCommand, unlinkCommand } from "../link/commands.ts";
import type { Command } from "./types.ts";
import { webCommand } from "./web.ts";

/** Every command, in the order /help lists them. Adapters and the local chat all read this one list. */
export const builtinCommands: readonly Command[] = [
  helpCommand,
  lessonCommand,
  quizCommand,
  answerCommand,
  reviewCommand,
  statsCommand,
  memoCommand,
  webCommand,
  trainCommand,
  remindCommand,
  timezoneCommand,
  langCommand,
  linkCommand,
  unlinkCommand,
];
