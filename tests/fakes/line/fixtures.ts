import type { webhook } from "@line/bot-sdk";
import { createHmac, randomBytes } from "node:crypto";

/**
 * Webhook payloads shaped like the ones LINE sends (Messaging API reference, "Webhook event objects"):
 * ULID event ids, delivery context, mode, 32-hex reply tokens, U/C/R-prefixed ids.
 */

const hex = (bytes: number): string => randomBytes(bytes).toString("hex");
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID-shaped id, as LINE's webhookEventId. */
export function eventId(): string {
  const bytes = randomBytes(26);
  return Array.from(bytes, (byte) => CROCKFORD[byte % 32]).join("");
}

export const userId = (): string => `U${hex(16)}`;
export const groupId = (): string => `C${hex(16)}`;
export const roomId = (): string => `R${hex(16)}`;
export const replyToken = (): string => hex(16);

export const userSource = (user: string): webhook.UserSource => ({ type: "user", userId: user });
export const groupSource = (group: string, user?: string): webhook.GroupSource => ({
  type: "group",
  groupId: group,
  ...(user ? { userId: user } : {}),
});
export const roomSource = (room: string, user?: string): webhook.RoomSource => ({
  type: "room",
  roomId: room,
  ...(user ? { userId: user } : {}),
});

function base(source: webhook.Source) {
  return {
    source,
    timestamp: Date.now(),
    mode: "active" as const,
    webhookEventId: eventId(),
    deliveryContext: { isRedelivery: false },
  };
}

export function textEvent(
  text: string,
  source: webhook.Source,
  mention?: webhook.Mention,
): webhook.MessageEvent {
  return {
    type: "message",
    ...base(source),
    replyToken: replyToken(),
    message: {
      type: "text",
      id: String(Math.floor(Math.random() * 1e17)),
      quoteToken: hex(24),
      text,
      ...(mention ? { mention } : {}),
    },
  };
}

export function stickerEvent(source: webhook.Source): webhook.MessageEvent {
  return {
    type: "message",
    ...base(source),
    replyToken: replyToken(),
    message: {
      type: "sticker",
      id: String(Math.floor(Math.random() * 1e17)),
      quoteToken: hex(24),
      packageId: "446",
      stickerId: "1988",
      stickerResourceType: "STATIC",
    },
  };
}

export function postbackEvent(data: string, source: webhook.Source): webhook.PostbackEvent {
  return { type: "postback", ...base(source), replyToken: replyToken(), postback: { data } };
}

export function followEvent(source: webhook.UserSource, isUnblocked = false): webhook.FollowEvent {
  return { type: "follow", ...base(source), replyToken: replyToken(), follow: { isUnblocked } };
}

export function unfollowEvent(source: webhook.UserSource): webhook.UnfollowEvent {
  return { type: "unfollow", ...base(source) };
}

export function joinEvent(source: webhook.GroupSource | webhook.RoomSource): webhook.JoinEvent {
  return { type: "join", ...base(source), replyToken: replyToken() };
}

export function memberJoinedEvent(source: webhook.GroupSource, members: string[]): webhook.MemberJoinedEvent {
  return {
    type: "memberJoined",
    ...base(source),
    replyToken: replyToken(),
    joined: { members: members.map((member) => userSource(member)) },
  };
}

/** The same event as LINE redelivers it after our server did not acknowledge it. */
export const redelivered = <T extends webhook.Event>(event: T): T => ({
  ...event,
  deliveryContext: { isRedelivery: true },
});

/** The webhook body: the bot's user id and the events. */
export const callbackBody = (
  events: webhook.Event[],
  destination = `U${"0".repeat(32)}`,
): webhook.CallbackRequest => ({
  destination,
  events,
});

/** X-Line-Signature as LINE computes it: HMAC-SHA256 of the raw body with the channel secret, base64. */
export const signature = (rawBody: string | Buffer, channelSecret: string): string =>
  createHmac("sha256", channelSecret).update(rawBody).digest("base64");
