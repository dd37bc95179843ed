import type { Address, IncomingMessage } from "../../core/conversation.ts";
import type { Choice } from "../../core/reply.ts";

/** A typed line as the core's message: the number of a choice shown last taps that choice. */
export function incomingOf(address: Address, line: string, lastChoices: readonly Choice[]): IncomingMessage {
  const picked = /^\d+$/.test(line) ? lastChoices[Number(line) - 1] : undefined;
  return { ...address, text: picked ? picked.action : line, isAction: picked !== undefined };
}
