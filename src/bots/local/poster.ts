import type { ChatPoster, Conversation } from "../../core/conversation.ts";

/** Posts for a whole chat (scheduled quizzes, standings) are printed like any later reply: the terminal is one chat. */
export const createTerminalPoster = (terminal: Conversation): ChatPoster => ({
  post: (_chat, replies) => terminal.send(replies),
});
