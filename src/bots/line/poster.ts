import type { ChatAddress, ChatPoster } from "../../core/conversation.ts";
import { ChatSession, type SessionDeps } from "./conversation.ts";

/** Posts to a LINE group, room or user for everyone in it (a scheduled quiz, standings): pushes, no heading. */
export function createLinePoster(deps: SessionDeps): ChatPoster {
  return {
    async post(chat: ChatAddress, replies): Promise<void> {
      if (chat.platform !== "line") throw new Error(`The LINE poster cannot post to ${chat.platform}`);
      const session = new ChatSession(
        { to: chat.chatId, direct: chat.chatKind === "direct" },
        undefined,
        deps,
      );
      if (!(await session.sendAll(replies)))
        throw new Error(`LINE would not take the post to ${chat.chatId}`);
    },
  };
}
