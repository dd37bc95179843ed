import { createBot, type Bot, type BotOptions } from "../../src/core/bot.ts";
import type { Clock } from "../../src/core/clock.ts";
import type { Conversation, IncomingMessage } from "../../src/core/conversation.ts";
import type { Reply } from "../../src/core/reply.ts";
import { createStores } from "../../src/core/store/stores.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { LessonCatalog } from "../../src/lessons/catalog.ts";
import { loadLessons } from "../../src/lessons/loader.ts";

/** A clock tests can move. */
export class FakeClock implements Clock {
  constructor(private current = new Date("2026-11-28T09:00:00Z")) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}

/** A conversation that keeps what was sent later (progress, results). */
export class RecordingConversation implements Conversation {
  readonly sent: Reply[] = [];
  async send(replies: Reply[]): Promise<void> {
    this.sent.push(...replies);
  }
}

export interface TestBot {
  bot: Bot;
  db: Db;
  clock: FakeClock;
  conversation: RecordingConversation;
  /** Sends a message as `user` (default "alice") in a direct chat, or in `chat` when given as a group. */
  say(text: string, from?: Partial<IncomingMessage>): Promise<Reply[]>;
}

export function createTestBot(options: Partial<BotOptions> = {}): TestBot {
  const db = openDatabase(":memory:");
  const clock = new FakeClock();
  const conversation = new RecordingConversation();
  const bot = createBot({
    stores: createStores(db),
    lessons: new LessonCatalog(loadLessons()),
    clock,
    ...options,
  });
  const say = (text: string, from: Partial<IncomingMessage> = {}) =>
    bot.receive(
      {
        platform: "local",
        chatId: from.userId ?? "alice",
        userId: "alice",
        chatKind: "direct",
        text,
        ...from,
      },
      conversation,
    );
  return { bot, db, clock, conversation, say };
}

/** All text of the replies, joined, for assertions. */
export const textOf = (replies: readonly Reply[]): string =>
  replies
    .map((reply) => {
      switch (reply.kind) {
        case "text":
          return reply.text;
        case "code":
          return reply.code;
        case "choices":
          return [reply.prompt, ...reply.choices.map((choice) => `[${choice.label}](${choice.action})`)].join(
            "\n",
          );
        case "image":
          return `<image ${reply.alt}>`;
        case "progress":
          return reply.text;
      }
    })
    .join("\n");

/** The actions of the choice buttons in the replies. */
export const actionsOf = (replies: readonly Reply[]): string[] =>
  replies.flatMap((reply) => (reply.kind === "choices" ? reply.choices.map((choice) => choice.action) : []));
