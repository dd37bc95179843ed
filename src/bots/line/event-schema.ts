import type { webhook } from "@line/bot-sdk";
import { z } from "zod";
import { LINE_LIMITS } from "./limits.ts";

/**
 * What the adapter reads of a webhook event, as LINE's reference describes it ("Webhook event objects"):
 * U/C/R ids of 32 lower-case hex digits, a millisecond timestamp, a ULID event id, a reply token, and
 * the message or postback content. A signed event that does not fit (LINE's bug, a replayed test payload)
 * is dropped here, before the core or the database sees it. Fields the adapter does not read pass as
 * they are, and event types it does not handle pass with their common fields checked.
 */

const lineId = (prefix: "U" | "C" | "R") => z.string().regex(new RegExp(`^${prefix}[0-9a-f]{32}$`));
const userId = lineId("U");

const source = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("user"), userId }),
  z.looseObject({ type: z.literal("group"), groupId: lineId("C"), userId: userId.optional() }),
  z.looseObject({ type: z.literal("room"), roomId: lineId("R"), userId: userId.optional() }),
]);

const common = {
  type: z.string().min(1).max(64),
  mode: z.enum(["active", "standby"]),
  timestamp: z.int().nonnegative(),
  source: source.optional(),
  webhookEventId: z.string().min(1).max(128),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }),
  replyToken: z.string().min(1).max(256).optional(),
};

const mention = z.looseObject({
  mentionees: z
    .array(
      z.looseObject({
        type: z.string(),
        index: z.int().nonnegative(),
        length: z.int().positive(),
        isSelf: z.boolean().optional(),
      }),
    )
    .max(100),
});

/** A user's text is at most 5,000 characters (UTF-16 units, as LINE counts them). */
const textContent = z.looseObject({
  type: z.literal("text"),
  id: z.string().min(1),
  text: z.string().max(LINE_LIMITS.textLength),
  mention: mention.optional(),
});
const otherContent = z.looseObject({
  type: z.string().refine((type) => type !== "text"),
  id: z.string().min(1),
});

const messageEvent = z.looseObject({
  ...common,
  type: z.literal("message"),
  message: z.union([textContent, otherContent]),
});
const postbackEvent = z.looseObject({
  ...common,
  type: z.literal("postback"),
  postback: z.looseObject({ data: z.string().max(LINE_LIMITS.postbackData) }),
});
const otherEvent = z.looseObject(common);

function schemaOf(type: unknown) {
  if (type === "message") return messageEvent;
  if (type === "postback") return postbackEvent;
  return otherEvent;
}

/** Why an event was dropped: its place in the webhook, its type, and the fields at fault (never values). */
export interface DroppedEvent {
  index: number;
  type: string;
  issues: string[];
}

export interface ReadEvents {
  events: webhook.Event[];
  dropped: DroppedEvent[];
}

/**
 * The events of a verified webhook body that fit LINE's shapes, and why the others do not; undefined
 * when the body has no events array.
 */
export function readEvents(body: unknown): ReadEvents | undefined {
  if (typeof body !== "object" || body === null || !("events" in body) || !Array.isArray(body.events))
    return undefined;
  const events: webhook.Event[] = [];
  const dropped: DroppedEvent[] = [];
  body.events.forEach((event: unknown, index) => {
    const type = typeof event === "object" && event !== null && "type" in event ? event.type : undefined;
    const result = schemaOf(type).safeParse(event);
    // The schema checked every field the adapter reads; the SDK's type describes the rest.
    if (result.success) events.push(result.data as unknown as webhook.Event);
    else
      dropped.push({
        index,
        type: typeof type === "string" ? type.slice(0, 64) : typeof type,
        issues: result.error.issues
          .slice(0, 5)
          .map((issue) => `${issue.path.join(".") || "(event)"}: ${issue.message}`),
      });
  });
  return { events, dropped };
}
