import type { messagingApi, webhook } from "@line/bot-sdk";
import type { Locale } from "../../core/conversation.ts";
import { localeOf } from "../shared/locale.ts";
import type { Logger } from "../../core/logger.ts";
import { withTimeout } from "./timeout.ts";

export interface Profile {
  displayName?: string;
  locale?: Locale;
}

const MAX_CACHED = 1000;
/** A name is nice to have: an event waits this long for it at most, then goes on without it. */
export const PROFILE_TIMEOUT_MS = 3000;

/**
 * Members' display names (shown with their answers in group chats) and, in 1:1 chats, their LINE
 * language as a locale hint. Looked up once per member and chat; a failed or slow lookup just leaves them
 * out (and is tried again next time).
 */
export class ProfileCache {
  private readonly cache = new Map<string, Profile>();

  constructor(
    private readonly client: messagingApi.MessagingApiClient,
    private readonly logger: Logger,
    private readonly timeoutMs = PROFILE_TIMEOUT_MS,
  ) {}

  async lookup(source: webhook.Source): Promise<Profile> {
    const userId = source.userId;
    if (!userId) return {};
    const key =
      source.type === "group"
        ? `g:${source.groupId}:${userId}`
        : source.type === "room"
          ? `r:${source.roomId}:${userId}`
          : `u:${userId}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    try {
      const profile = await withTimeout(this.fetch(source, userId), this.timeoutMs, "a profile lookup");
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value ?? key);
      this.cache.set(key, profile);
      return profile;
    } catch (error) {
      this.logger.debug({ err: error, userId }, "LINE: profile lookup failed");
      return {};
    }
  }

  private async fetch(source: webhook.Source, userId: string): Promise<Profile> {
    if (source.type === "group") {
      return { displayName: (await this.client.getGroupMemberProfile(source.groupId, userId)).displayName };
    }
    if (source.type === "room") {
      return { displayName: (await this.client.getRoomMemberProfile(source.roomId, userId)).displayName };
    }
    const profile = await this.client.getProfile(userId);
    const locale = localeOf(profile.language);
    return { displayName: profile.displayName, ...(locale ? { locale } : {}) };
  }
}
