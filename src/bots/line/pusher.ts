import type { Address, Pusher } from "../../core/conversation.ts";
import type { Reply } from "../../core/reply.ts";
import { ChatSession, type SessionDeps } from "./session.ts";

/** Sends to a LINE user, group or room with nothing to answer (reminders, notices): push messages only. */
export function createLinePusher(deps: SessionDeps): Pusher {
  return {
    async push(to: Address, replies: Reply[]): Promise<void> {
      if (to.platform !== "line") throw new Error(`The LINE pusher cannot send to a ${to.platform} address`);
      const session = new ChatSession({ to: to.chatId, direct: to.chatKind === "direct" }, undefined, deps);
      if (!(await session.sendAll(replies))) throw new Error(`LINE would not take the push to ${to.chatId}`);
    },
  };
}
