import { vi } from "vitest";
import type { ChatAddress, ChatPoster, IncomingMessage } from "../../../src/core/conversation.ts";
import {
  createQuizScheduler,
  type QuizScheduler,
  type QuizSchedulerOptions,
} from "../../../src/core/group-quiz/schedule-scheduler.ts";
import type { Reply } from "../../../src/core/reply.ts";
import { actionsOf, createTestBot, textOf, type TestBot } from "../../helpers/core.ts";
import { RecordingLogger } from "../../helpers/logger.ts";

export interface Post {
  chat: ChatAddress;
  replies: Reply[];
  at: string;
}

/** A poster that records what it was asked to post to whole chats, and when. */
export class RecordingPoster implements ChatPoster {
  readonly posts: Post[] = [];
  failWith?: Error;
  async post(chat: ChatAddress, replies: Reply[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.posts.push({ chat, replies, at: new Date().toISOString() });
  }
  texts(): string[] {
    return this.posts.map((post) => textOf(post.replies));
  }
}

export const ROOM = { chatId: "room-1", chatKind: "group" } as const;

export const member = (name: string): Partial<IncomingMessage> => ({
  ...ROOM,
  userId: name.toLowerCase(),
  displayName: name,
});

export interface ScheduledChat {
  bot: TestBot;
  poster: RecordingPoster;
  logger: RecordingLogger;
  scheduler: QuizScheduler;
  say(name: string, text: string, isAction?: boolean): Promise<Reply[]>;
}

/**
 * A bot whose clock is the faked Date (vi.useFakeTimers with Date faked), so round deadlines and the
 * scheduler's decisions move together, and a quiz scheduler posting to a RecordingPoster.
 */
export function scheduledChat(options: Partial<QuizSchedulerOptions> = {}): ScheduledChat {
  const bot = createTestBot({ clock: { now: () => new Date() } });
  const poster = new RecordingPoster();
  const logger = new RecordingLogger();
  const scheduler = createQuizScheduler({
    services: bot.bot.services,
    posters: { local: poster },
    logger,
    startCron: () => ({ stop: () => {} }),
    ...options,
  });
  const say = (name: string, text: string, isAction = false) => bot.say(text, { ...member(name), isAction });
  return { bot, poster, logger, scheduler, say };
}

/** Sets the faked time and runs one scheduler pass. */
export async function tickAt(chat: ScheduledChat, iso: string) {
  vi.setSystemTime(new Date(iso));
  return chat.scheduler.tick();
}

/** The tap that answers `choice` to the latest question in the posts. */
export function tapIn(replies: readonly Reply[], choice: string): string {
  const action = actionsOf(replies).findLast((candidate) => candidate.startsWith(`/answer ${choice} `));
  if (!action) throw new Error(`no /answer ${choice} button in ${textOf(replies)}`);
  return action;
}
