import type { Address, IncomingMessage } from "../../core/conversation.ts";
import type { Choice } from "../../core/reply.ts";

/**
 * A typed line as the core's message: the number of a choice shown last (full-width digits too) taps that
 * choice. A number that names no choice on screen is not a message: undefined.
 */
export function incomingOf(
  address: Address,
  line: string,
  lastChoices: readonly Choice[],
): IncomingMessage | undefined {
  const digits = line.normalize("NFKC");
  if (!/^\d+$/.test(digits)) return { ...address, text: line, isAction: false };
  const picked = lastChoices[Number(digits) - 1];
  return picked && { ...address, text: picked.action, isAction: true };
}
