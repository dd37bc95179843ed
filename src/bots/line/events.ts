import type { webhook } from "@line/bot-sdk";
import type { Bot } from "../../core/bot.ts";
import type { Clock } from "../../core/clock.ts";
import type { Logger } from "../../core/logger.ts";
import type { Reply } from "../../core/reply.ts";
import type { StoreContract } from "../../core/store/stores.ts";
import type { LogThrottle } from "../shared/log-throttle.ts";
import { eventAgeMs, isStale } from "./event-age.ts";
import type { EventLedger } from "./store.ts";
import { followGreeting, joinGreeting, memberWelcome } from "./greeting.ts";
import type { ProfileCache } from "./profiles.ts";
import { ChatSession, type ChatTarget, type SessionDeps } from "./conversation.ts";
import { targetOf, toIncoming } from "./incoming.ts";

export interface EventDeps extends SessionDeps {
  bot: Bot;
  ledger: StoreContract<EventLedger>;
  profiles: ProfileCache;
  clock: Clock;
  logger: Logger;
  /** For lines a burst of events may repeat (stale events after an outage, say). */
  refusals: LogThrottle;
}

export type HandleEvent = (event: webhook.Event) => Promise<void>;

/**
 * One handler per event type. Each event is handled on its own: an error is logged with the event's id
 * and never reaches the other events of the same webhook. Redelivered events already handled are skipped,
 * and so are events older than LINE's redelivery window (`MAX_EVENT_AGE_MS`).
 */
export function createEventHandler(deps: EventDeps): HandleEvent {
  const { bot, ledger, profiles, clock, logger, refusals } = deps;
  const sessionFor = (target: ChatTarget, event: { replyToken?: string; timestamp: number }) =>
    new ChatSession(target, event.replyToken, deps, { holdForAnswer: true, eventTime: event.timestamp });

  async function onMessage(event: webhook.MessageEvent | webhook.PostbackEvent): Promise<void> {
    if (!event.source) return;
    const incoming = toIncoming(event, await profiles.lookup(event.source));
    if (!incoming) {
      logger.debug({ eventId: event.webhookEventId }, "LINE: message without a known sender ignored");
      return;
    }
    const session = sessionFor({ to: incoming.chatId, direct: incoming.chatKind === "direct" }, event);
    let replies: Reply[] = [];
    try {
      replies = await bot.receive(incoming, session);
    } finally {
      await session.answer(replies);
    }
  }

  async function greet(
    event: webhook.FollowEvent | webhook.JoinEvent | webhook.MemberJoinedEvent,
    replies: Reply[],
  ): Promise<void> {
    const target = event.source && targetOf(event.source);
    if (!target) return;
    await sessionFor(target, event).answer(replies);
  }

  async function dispatch(event: webhook.Event): Promise<void> {
    switch (event.type) {
      case "message":
      case "postback":
        return onMessage(event);
      case "follow":
        return greet(event, followGreeting());
      case "join":
        return greet(event, joinGreeting());
      case "memberJoined":
        return greet(event, memberWelcome());
      case "unfollow":
      case "leave":
        // Nothing to send to someone who left; their study history stays for when they return.
        logger.info({ type: event.type, source: event.source?.type }, "LINE: left a chat");
        return;
      default:
        logger.debug({ type: event.type }, "LINE: event type not handled");
    }
  }

  return async (event) => {
    try {
      // In standby mode another channel answers this chat; a reply from us would be refused.
      if (event.mode === "standby") return;
      const now = clock.now();
      if (isStale(event.timestamp, now)) {
        refusals.warn(
          "stale-event",
          {
            eventId: event.webhookEventId,
            type: event.type,
            ageMs: eventAgeMs(event.timestamp, now),
            redelivery: event.deliveryContext?.isRedelivery ?? false,
          },
          "LINE: stale event refused",
        );
        return;
      }
      if (event.webhookEventId && !ledger.claim(event.webhookEventId, now)) {
        logger.info(
          { eventId: event.webhookEventId, redelivery: event.deliveryContext?.isRedelivery ?? false },
          "LINE: event already handled; skipped",
        );
        return;
      }
      await dispatch(event);
    } catch (error) {
      logger.error(
        { err: error, eventId: event.webhookEventId, type: event.type },
        "LINE: event handling failed",
      );
    }
  };
}
