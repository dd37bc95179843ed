import type { Address, Pusher } from "../../core/conversation.ts";
import type { Reply } from "../../core/reply.ts";
import { addressTo, type FindRecipient } from "./addressee.ts";
import { ChatSession, type SessionDeps } from "./conversation.ts";

/**
 * Sends to a LINE user, group or room with nothing to answer (reminders, notices): push messages only.
 * In a group or room the push names the member it is for.
 */
export function createLinePusher(deps: SessionDeps, findRecipient: FindRecipient): Pusher {
  return {
    async push(to: Address, replies: Reply[]): Promise<void> {
      if (to.platform !== "line") throw new Error(`The LINE pusher cannot send to a ${to.platform} address`);
      const direct = to.chatKind === "direct";
      const addressed = direct ? replies : addressTo(await findRecipient(to), replies);
      const session = new ChatSession({ to: to.chatId, direct }, undefined, deps);
      if (!(await session.sendAll(addressed)))
        throw new Error(`LINE would not take the push to ${to.chatId}`);
    },
  };
}
