/**
 * Payloads shaped like Discord's own (API v10), trimmed to what a bot receives in practice. Ids are fixed so
 * tests can name them; interaction ids are fresh snowflakes.
 */
import { snowflake } from "./snowflake.ts";

export const APPLICATION_ID = "1300000000000000001";
export const BOT_TOKEN = "fake-bot-token.for-tests.only";
export const GUILD_ID = "1300000000000000100";
export const CHANNEL_ID = "1300000000000000200";

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
  public_flags?: number;
}

export const botUser: FakeUser = {
  id: APPLICATION_ID,
  username: "manabot",
  global_name: null,
  discriminator: "0",
  avatar: null,
  bot: true,
  public_flags: 0,
};

export const alice: FakeUser = {
  id: "1300000000000001001",
  username: "alice",
  global_name: "Alice",
  discriminator: "0",
  avatar: null,
  public_flags: 0,
};

export const bob: FakeUser = {
  id: "1300000000000001002",
  username: "bob",
  global_name: "Bob",
  discriminator: "0",
  avatar: null,
  public_flags: 0,
};

/** Another member, for tests that need more people than Alice and Bob. */
export function member(n: number, name: string): FakeUser {
  return {
    id: `13000000000000020${String(n).padStart(2, "0")}`,
    username: name.toLowerCase(),
    global_name: name,
    discriminator: "0",
    avatar: null,
    public_flags: 0,
  };
}

/** All permissions a member of the test guild has in its channel (as Discord sends them, a string). */
const MEMBER_PERMISSIONS = "2248473465835073";
/** A moderator's: the member's plus Manage Messages (1 << 13). */
export const MODERATOR_PERMISSIONS = String(BigInt(MEMBER_PERMISSIONS) | (1n << 13n));
const APP_PERMISSIONS = "2248473465835073";

export function textChannel(id = CHANNEL_ID, name = "study") {
  return {
    id,
    type: 0,
    guild_id: GUILD_ID,
    name,
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

export function dmChannel(id: string, recipient: FakeUser) {
  return { id, type: 1, last_message_id: null, flags: 0, recipients: [recipient] };
}

/** GUILD_CREATE's payload: the guild with its channels and roles. */
export function guildCreate(channels = [textChannel()]) {
  return {
    id: GUILD_ID,
    name: "manabot study group",
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: alice.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: CHANNEL_ID,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: "ja",
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    joined_at: "2026-01-10T09:00:00.000000+00:00",
    large: false,
    unavailable: false,
    member_count: 3,
    roles: [
      {
        id: GUILD_ID,
        name: "@everyone",
        color: 0,
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: "559623605571137",
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    channels,
    threads: [],
    members: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

function guildMember(user: FakeUser, nick: string | null = null, permissions = MEMBER_PERMISSIONS) {
  return {
    user,
    nick,
    avatar: null,
    roles: [],
    joined_at: "2026-01-11T09:00:00.000000+00:00",
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    permissions,
    communication_disabled_until: null,
  };
}

export interface Where {
  /** Omit for a guild channel; give a DM channel id for a direct message with the bot. */
  dmChannelId?: string;
  locale?: string;
  nick?: string;
  /** The member's permissions in the channel; a plain member's when omitted. */
  permissions?: string;
}

/** The fields every interaction shares: who, where, and the token to answer with. */
function base(type: number, user: FakeUser, where: Where) {
  const id = snowflake();
  const common = {
    id,
    application_id: APPLICATION_ID,
    type,
    token: `itoken-${id}`,
    version: 1,
    locale: where.locale ?? "ja",
    app_permissions: APP_PERMISSIONS,
    entitlements: [],
    attachment_size_limit: 10_485_760,
  };
  if (where.dmChannelId) {
    return {
      ...common,
      user,
      channel_id: where.dmChannelId,
      channel: dmChannel(where.dmChannelId, user),
      authorizing_integration_owners: { "0": GUILD_ID },
      context: 1,
    };
  }
  return {
    ...common,
    guild_id: GUILD_ID,
    guild_locale: "ja",
    guild: { id: GUILD_ID, locale: "ja", features: [] },
    member: guildMember(user, where.nick ?? null, where.permissions),
    channel_id: CHANNEL_ID,
    channel: { ...textChannel(), permissions: where.permissions ?? MEMBER_PERMISSIONS },
    authorizing_integration_owners: { "0": GUILD_ID },
    context: 0,
  };
}

export interface CommandOption {
  name: string;
  type: number;
  value?: string | number;
  options?: CommandOption[];
  focused?: boolean;
}

/** APPLICATION_COMMAND (type 2) for a chat-input command, options as Discord nests them. */
export function chatInputCommand(
  name: string,
  options: CommandOption[],
  user: FakeUser = alice,
  where: Where = {},
) {
  return {
    ...base(2, user, where),
    data: {
      id: commandIdOf(name),
      name,
      type: 1,
      options,
      ...(where.dmChannelId ? {} : { guild_id: GUILD_ID }),
    },
  };
}

/** APPLICATION_COMMAND_AUTOCOMPLETE (type 4): the option being typed has `focused` and its text so far. */
export function autocomplete(
  name: string,
  options: CommandOption[],
  user: FakeUser = alice,
  where: Where = {},
) {
  return { ...chatInputCommand(name, options, user, where), type: 4 };
}

/** The message a button sits on, as the bot sent it. */
export interface SourceMessage {
  id: string;
  channel_id: string;
  content: string;
  components: unknown[];
  embeds?: unknown[];
  flags?: number;
}

/** MESSAGE_COMPONENT (type 3) for a button tap, carrying the message the button is on. */
export function buttonTap(
  customId: string,
  message: SourceMessage,
  user: FakeUser = alice,
  where: Where = {},
) {
  return {
    ...base(3, user, where),
    data: { custom_id: customId, component_type: 2 },
    message: {
      type: 0,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      pinned: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      flags: 0,
      author: botUser,
      application_id: APPLICATION_ID,
      webhook_id: APPLICATION_ID,
      ...message,
    },
  };
}

/** Option type numbers (ApplicationCommandOptionType). */
export const OptionType = { Subcommand: 1, String: 3, Integer: 4 } as const;

const commandIds = new Map<string, string>();
const commandIdOf = (name: string): string => {
  const known = commandIds.get(name);
  if (known) return known;
  const id = snowflake();
  commandIds.set(name, id);
  return id;
};
