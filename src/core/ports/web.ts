import type { Address, Locale, Platform } from "../conversation.ts";
import type { Reply } from "../reply.ts";

/**
 * What the `/web` command needs from the study page on the web. The core knows nothing of HTTP, cookies or
 * HTML: the implementation (src/web/service.ts) stores the link's hash and serves the pages.
 */
export interface WebPort {
  /**
   * A random one-time sign-in link for the user, valid for a few minutes. Asked for in a group chat, it
   * opens that chat's page. Throws a UserError when the page cannot be served or too many were asked for.
   */
  signInLink(request: SignInRequest): SignInLink;
  /** Ends every web session of the user and voids their unused links; returns how many sessions ended. */
  signOutEverywhere(userId: number): number;
  /** Sends to the user's own 1:1 chat with the bot; false when the platform would not take it. */
  sendDirect(to: { platform: Platform; userId: string }, replies: Reply[]): Promise<boolean>;
}

export interface SignInRequest {
  /** The internal user id (users.id). */
  userId: number;
  /** Where `/web` was typed. */
  from: Address;
  locale: Locale;
}

export interface SignInLink {
  url: string;
  expiresAt: Date;
  /** Whose page the link opens: the learner's own, or the group chat's it was asked for in. */
  opens: "learner" | "group";
}
