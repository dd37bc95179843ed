import { botUser, dmChannel, textChannel, type FakeUser } from "./fixtures.ts";
import { snowflake } from "./snowflake.ts";

/** A message as Discord returns it. */
export interface FakeMessage {
  id: string;
  channel_id: string;
  type: number;
  author: FakeUser;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: FakeAttachment[];
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  pinned: boolean;
  mention_everyone: boolean;
  mentions: unknown[];
  mention_roles: unknown[];
  webhook_id?: string;
  application_id?: string;
}

export interface FakeAttachment {
  id: string;
  filename: string;
  description?: string;
  content_type: string;
  size: number;
  url: string;
  proxy_url: string;
}

/** An interaction dispatched to the bot, and what the bot has done with it. */
export interface FakeInteraction {
  id: string;
  token: string;
  channelId: string;
  /** The message a button was on (component interactions). */
  sourceMessageId?: string;
  /** The callback type the bot answered with (4 reply, 5 deferred, 6 deferred update, 7 update, 8 autocomplete). */
  callbackType?: number;
  /** The reply's message once there is one ("@original"). */
  originalId?: string;
  /** Autocomplete choices the bot answered with. */
  choices?: unknown[];
  /** Set by `expireToken`: webhook calls then fail like a token past its 15 minutes. */
  expired?: boolean;
}

/** Discord's side of the conversation: channels, messages, interactions and registered commands. */
export class FakeState {
  readonly channels = new Map<string, Record<string, unknown>>();
  readonly messages = new Map<string, FakeMessage>();
  readonly interactions = new Map<string, FakeInteraction>();
  readonly users = new Map<string, FakeUser>();
  /** Registered commands per scope: "global" or a guild id. */
  readonly commands = new Map<string, unknown[]>();
  private readonly dmByUser = new Map<string, string>();

  constructor(users: readonly FakeUser[]) {
    const channel = textChannel();
    this.channels.set(channel.id, channel);
    for (const user of users) this.users.set(user.id, user);
  }

  /** The DM channel between the bot and a user (created on first use, like POST /users/@me/channels). */
  dmChannelFor(userId: string): Record<string, unknown> {
    const known = this.dmByUser.get(userId);
    if (known) return this.channels.get(known) as Record<string, unknown>;
    const user = this.users.get(userId) ?? {
      id: userId,
      username: `user${userId}`,
      global_name: null,
      discriminator: "0",
      avatar: null,
    };
    const channel = dmChannel(snowflake(), user);
    this.channels.set(channel.id, channel);
    this.dmByUser.set(userId, channel.id);
    return channel;
  }

  createMessage(channelId: string, body: MessageBody, extra: Partial<FakeMessage> = {}): FakeMessage {
    const message: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      type: 0,
      author: botUser,
      content: body.content ?? "",
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: body.attachments ?? [],
      flags: body.flags ?? 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      pinned: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      ...extra,
    };
    this.messages.set(message.id, message);
    return message;
  }

  /** Applies an edit the way Discord does: fields present in the body replace the message's. */
  editMessage(message: FakeMessage, body: MessageBody): FakeMessage {
    if (body.content !== undefined) message.content = body.content ?? "";
    if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
    if (body.components !== undefined) message.components = body.components ?? [];
    if (body.attachments !== undefined) message.attachments = body.attachments ?? [];
    message.flags &= ~128; // no longer "thinking"
    message.edited_timestamp = new Date().toISOString();
    return message;
  }
}

/** The fields of a message create/edit body this fake keeps. */
export interface MessageBody {
  content?: string | null;
  embeds?: unknown[] | null;
  components?: unknown[] | null;
  attachments?: FakeAttachment[] | null;
  flags?: number;
}
