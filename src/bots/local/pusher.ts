import type { Conversation, Pusher } from "../../core/conversation.ts";

/** Reminders and notices are printed into the terminal like any later reply. */
export const createTerminalPusher = (terminal: Conversation): Pusher => ({
  push: (_to, replies) => terminal.send(replies),
});
