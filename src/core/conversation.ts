import type { Reply } from "./reply.ts";

export type Platform = "local" | "discord" | "line";
export type Locale = "ja" | "en";

/** Where a message came from and where later replies go. */
export interface Address {
  platform: Platform;
  /** The chat (DM, channel, LINE user/group/room) the message was posted in. */
  chatId: string;
  /** The platform's id of the person who sent it. */
  userId: string;
  chatKind: "direct" | "group";
}

/** One incoming message or tap, already verified and translated by an adapter. */
export interface IncomingMessage extends Address {
  /** The text typed, or the `action` of a tapped choice. */
  text: string;
  /** True when the text is a tapped choice's action rather than typed text. */
  isAction?: boolean;
  displayName?: string;
  /**
   * The platform says the sender may manage this chat (Discord: Manage Messages in the channel). Such a
   * member may end a group quiz someone else started.
   */
  canModerate?: boolean;
  /** The platform's locale hint (Discord's interaction locale, say); the user's own setting wins. */
  locale?: Locale;
  /**
   * The adapter can show the immediate replies to this message to the sender alone, even in a group (a
   * Discord ephemeral answer), and does so for a command that is `privateInGroups`. Such a command with
   * something for the sender's eyes only (a sign-in link) may then answer in the group.
   */
  canReplyPrivately?: boolean;
  /** The platform payload, opaque to the core. */
  raw?: unknown;
}

/**
 * The way back to the chat a message came from, for replies sent after the immediate answer (a training
 * job's progress and result). Adapters implement it per incoming message.
 */
export interface Conversation {
  send(replies: Reply[]): Promise<void>;
  /**
   * Where the platform's pusher delivers a reminder set in this group chat, when not simply to this chat
   * (Discord: by DM first), as a note to append when the reminder is set, in both languages.
   */
  readonly pushNote?: Readonly<Record<Locale, string>>;
}

/**
 * Sends to an address with no message to answer (reminders, notices after a restart). One per platform.
 * `push` rejects when the platform would not take the messages (after the adapter's own retries and
 * fallbacks, and after logging), so callers such as the reminder scheduler can record the failure.
 */
export interface Pusher {
  push(to: Address, replies: Reply[]): Promise<void>;
}

/** A whole chat, as a post to everyone in it is addressed. */
export type ChatAddress = Pick<Address, "platform" | "chatId" | "chatKind">;

/**
 * Posts to a whole chat with no message to answer, addressed to nobody in particular (a scheduled group
 * quiz, the weekly standings). One per platform. `post` rejects when the platform would not take it.
 */
export interface ChatPoster {
  post(chat: ChatAddress, replies: Reply[]): Promise<void>;
}
