import { APPLICATION_ID, botUser, BOT_TOKEN, GUILD_ID } from "./fixtures.ts";
import { snowflake } from "./snowflake.ts";
import type { FakeAttachment, FakeInteraction, FakeState, MessageBody } from "./state.ts";

/** One REST call the bot made, as the fake received it. */
export interface RecordedCall {
  method: string;
  /** The path after /api/v10, e.g. "/interactions/123/tok/callback". */
  path: string;
  query: URLSearchParams;
  /** The JSON body, or the multipart request's payload_json. */
  body: unknown;
  /** Files of a multipart request. */
  files: RecordedFile[];
  authorization: string | undefined;
  /** What the fake answered. */
  status: number;
}

export interface RecordedFile {
  /** The form field, e.g. "files[0]". */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Handler = (call: RecordedCall, params: string[]) => RestResponse;

const json = (body: unknown, status = 200): RestResponse => ({ status, body });
const discordError = (status: number, code: number, message: string): RestResponse => ({
  status,
  body: { message, code },
});

/** The routes a bot needs, answered with Discord-shaped JSON and Discord's error codes. */
export function createRoutes(state: FakeState, gatewayUrl: () => string, baseUrl: () => string) {
  const routes: [string, RegExp, boolean, Handler][] = [];
  /** `authenticated` routes want "Authorization: Bot <token>"; interaction callbacks and webhooks use the token in the path. */
  const route = (method: string, pattern: RegExp, authenticated: boolean, handler: Handler) =>
    routes.push([method, pattern, authenticated, handler]);

  route("GET", /^\/gateway\/bot$/, true, () =>
    json({
      url: gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    }),
  );
  route("GET", /^\/gateway$/, false, () => json({ url: gatewayUrl() }));
  route("GET", /^\/users\/@me$/, true, () => json(botUser));
  route("GET", /^\/applications\/@me$/, true, () =>
    json({ id: APPLICATION_ID, name: "manabot", flags: 0, bot: botUser }),
  );

  route("POST", /^\/interactions\/(\d+)\/([^/]+)\/callback$/, false, (call, [id, token]) => {
    const interaction = state.interactions.get(token ?? "");
    if (!interaction || interaction.id !== id) return discordError(404, 10062, "Unknown interaction");
    if (interaction.callbackType !== undefined) {
      return discordError(400, 40060, "Interaction has already been acknowledged.");
    }
    const { type, data } = call.body as { type: number; data?: MessageBody & { choices?: unknown[] } };
    interaction.callbackType = type;
    let message;
    if (type === 4 || type === 5) {
      const body = { ...(data ?? {}), attachments: attachmentsOf(data, call.files, baseUrl()) };
      message = state.createMessage(
        interaction.channelId,
        type === 5 ? { flags: (data?.flags ?? 0) | 128 } : body,
        {
          type: 20,
          webhook_id: APPLICATION_ID,
          application_id: APPLICATION_ID,
        },
      );
      interaction.originalId = message.id;
    } else if (type === 7 || type === 6) {
      interaction.originalId = interaction.sourceMessageId;
      const source = interaction.sourceMessageId
        ? state.messages.get(interaction.sourceMessageId)
        : undefined;
      if (type === 7 && source && data) {
        message = state.editMessage(source, {
          ...data,
          attachments: attachmentsOf(data, call.files, baseUrl()),
        });
      }
    } else if (type === 8) {
      interaction.choices = data?.choices ?? [];
    } else return discordError(400, 50035, "Invalid Form Body");
    if (call.query.get("with_response") !== "true") return { status: 204 };
    return json({
      interaction: {
        id: interaction.id,
        type: 2,
        response_message_id: message?.id,
        response_message_loading: type === 5,
      },
      resource: { type, ...(message ? { message } : {}) },
    });
  });

  const webhookInteraction = (
    app: string | undefined,
    token: string | undefined,
  ): FakeInteraction | RestResponse => {
    const interaction = state.interactions.get(token ?? "");
    if (app !== APPLICATION_ID || !interaction) return discordError(404, 10015, "Unknown Webhook");
    if (interaction.expired) return discordError(401, 50027, "Invalid Webhook Token");
    return interaction;
  };
  const isResponse = (value: FakeInteraction | RestResponse): value is RestResponse => "status" in value;

  route("POST", /^\/webhooks\/(\d+)\/([^/]+)$/, false, (call, [app, token]) => {
    const interaction = webhookInteraction(app, token);
    if (isResponse(interaction)) return interaction;
    if (interaction.callbackType === undefined) return discordError(404, 10015, "Unknown Webhook");
    const body = call.body as MessageBody;
    const message = state.createMessage(
      interaction.channelId,
      { ...body, attachments: attachmentsOf(body, call.files, baseUrl()) },
      { webhook_id: APPLICATION_ID, application_id: APPLICATION_ID },
    );
    return json(message);
  });

  const webhookMessage = (call: RecordedCall, [app, token, which]: string[], edit: boolean): RestResponse => {
    const interaction = webhookInteraction(app, token);
    if (isResponse(interaction)) return interaction;
    const id = which === "@original" ? interaction.originalId : which;
    const message = id ? state.messages.get(id) : undefined;
    if (!message) return discordError(404, 10008, "Unknown Message");
    if (!edit) return json(message);
    const body = call.body as MessageBody;
    const attachments =
      body.attachments !== undefined ? { attachments: attachmentsOf(body, call.files, baseUrl()) } : {};
    return json(state.editMessage(message, { ...body, ...attachments }));
  };
  route("PATCH", /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, false, (call, params) =>
    webhookMessage(call, params, true),
  );
  route("GET", /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, false, (call, params) =>
    webhookMessage(call, params, false),
  );
  route("DELETE", /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/, false, () => ({ status: 204 }));

  route("POST", /^\/users\/@me\/channels$/, true, (call) => {
    const { recipient_id: recipient } = call.body as { recipient_id?: string };
    if (!recipient) return discordError(400, 50035, "Invalid Form Body");
    return json(state.dmChannelFor(recipient));
  });
  route("GET", /^\/channels\/(\d+)$/, true, (_call, [id]) => {
    const channel = state.channels.get(id ?? "");
    return channel ? json(channel) : discordError(404, 10003, "Unknown Channel");
  });
  route("POST", /^\/channels\/(\d+)\/messages$/, true, (call, [id]) => {
    if (!state.channels.has(id ?? "")) return discordError(404, 10003, "Unknown Channel");
    const body = call.body as MessageBody;
    return json(
      state.createMessage(id ?? "", { ...body, attachments: attachmentsOf(body, call.files, baseUrl()) }),
    );
  });
  route("PATCH", /^\/channels\/(\d+)\/messages\/(\d+)$/, true, (call, [channelId, messageId]) => {
    const message = state.messages.get(messageId ?? "");
    if (!message || message.channel_id !== channelId) return discordError(404, 10008, "Unknown Message");
    return json(state.editMessage(message, call.body as MessageBody));
  });

  const putCommands = (call: RecordedCall, scope: string): RestResponse => {
    if (!Array.isArray(call.body)) return discordError(400, 50035, "Invalid Form Body");
    const saved = (call.body as Record<string, unknown>[]).map((command) => ({
      ...command,
      id: snowflake(),
      application_id: APPLICATION_ID,
      version: snowflake(),
      default_member_permissions: null,
      ...(scope === "global" ? {} : { guild_id: scope }),
    }));
    state.commands.set(scope, saved);
    return json(saved);
  };
  route("PUT", /^\/applications\/(\d+)\/commands$/, true, (call, [app]) =>
    app === APPLICATION_ID ? putCommands(call, "global") : discordError(403, 50001, "Missing Access"),
  );
  route("PUT", /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, true, (call, [app, guild]) =>
    app === APPLICATION_ID && guild === GUILD_ID
      ? putCommands(call, guild)
      : discordError(403, 50001, "Missing Access"),
  );

  return function answer(call: RecordedCall): RestResponse {
    for (const [method, pattern, authenticated, handler] of routes) {
      const match = method === call.method ? pattern.exec(call.path) : null;
      if (!match) continue;
      if (authenticated && call.authorization !== `Bot ${BOT_TOKEN}`)
        return discordError(401, 0, "401: Unauthorized");
      return handler(call, match.slice(1));
    }
    return discordError(404, 0, "404: Not Found");
  };
}

/** Attachments as Discord describes them after an upload: the body's descriptors matched to the uploaded files. */
function attachmentsOf(
  body: MessageBody | undefined,
  files: readonly RecordedFile[],
  baseUrl: string,
): FakeAttachment[] {
  const described = (body?.attachments ?? []) as {
    id: string | number;
    filename?: string;
    description?: string;
  }[];
  return files.map((file, index) => {
    const descriptor = described.find((entry) => `files[${entry.id}]` === file.field) ?? described[index];
    const id = snowflake();
    return {
      id,
      filename: descriptor?.filename ?? file.filename,
      ...(descriptor?.description ? { description: descriptor.description } : {}),
      content_type: file.contentType,
      size: file.data.length,
      url: `${baseUrl}/attachments/${id}/${file.filename}`,
      proxy_url: `${baseUrl}/attachments/${id}/${file.filename}`,
    };
  });
}
