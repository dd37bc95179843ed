import type { webhook } from "@line/bot-sdk";
import type { Locale } from "../../core/conversation.ts";
import { localeOf } from "../shared/locale.ts";
import type { Logger } from "../../core/logger.ts";
import type { ClientFor } from "./abortable-client.ts";
import { withDeadline } from "./timeout.ts";

export interface Profile {
  displayName?: string;
  locale?: Locale;
}

/** Profiles kept; a few hundred bytes each, so even many active members cost little memory. */
export const PROFILE_CACHE_SIZE = 10_000;
/** A name is nice to have: an event waits this long for it at most, then goes on without it. */
export const PROFILE_TIMEOUT_MS = 3000;

/**
 * Members' display names (shown with their answers in group chats) and, in 1:1 chats, their LINE
 * language as a locale hint. Looked up once per member and chat and kept while in use (least recently
 * used leaves first); a failed or slow lookup just leaves them out (and is tried again next time).
 */
export class ProfileCache {
  private readonly cache = new Map<string, Profile>();

  constructor(
    private readonly client: ClientFor,
    private readonly logger: Logger,
    private readonly timeoutMs = PROFILE_TIMEOUT_MS,
    private readonly capacity = PROFILE_CACHE_SIZE,
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
    if (cached) {
      // A Map iterates in insertion order: moving a hit to the end leaves the least recently used first.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    try {
      const profile = await withDeadline(
        (signal) => this.fetch(source, userId, signal),
        this.timeoutMs,
        "a profile lookup",
      );
      this.remember(key, profile);
      return profile;
    } catch (error) {
      this.logger.debug({ err: error, userId }, "LINE: profile lookup failed");
      return {};
    }
  }

  private remember(key: string, profile: Profile): void {
    this.cache.delete(key);
    while (this.cache.size >= this.capacity) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
    this.cache.set(key, profile);
  }

  private async fetch(source: webhook.Source, userId: string, signal: AbortSignal): Promise<Profile> {
    const client = this.client(signal);
    if (source.type === "group") {
      return { displayName: (await client.getGroupMemberProfile(source.groupId, userId)).displayName };
    }
    if (source.type === "room") {
      return { displayName: (await client.getRoomMemberProfile(source.roomId, userId)).displayName };
    }
    const profile = await client.getProfile(userId);
    const locale = localeOf(profile.language);
    return { displayName: profile.displayName, ...(locale ? { locale } : {}) };
  }
}
