import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { alice, bob, type FakeUser } from "./fixtures.ts";
import { FakeGateway } from "./gateway.ts";
import { createRoutes, type RecordedCall, type RecordedFile, type RestResponse } from "./rest.ts";
import { FakeState } from "./state.ts";

export interface FakeDiscordOptions {
  /** Users the fake knows (DM channels can be opened with them). */
  users?: readonly FakeUser[];
  heartbeatIntervalMs?: number;
}

interface Failure {
  method: string;
  path: RegExp;
  response: RestResponse;
  remaining: number;
}

/**
 * Discord on 127.0.0.1: REST under /api/v10 and the gateway on the same port. Records every REST call, keeps
 * the messages and interactions it has seen, and lets tests dispatch interactions and inject errors.
 */
export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly state: FakeState;
  readonly gateway: FakeGateway;
  private readonly failures: Failure[] = [];
  private readonly events = new EventEmitter();
  private readonly answer: (call: RecordedCall) => RestResponse;

  private constructor(
    private readonly server: Server,
    options: FakeDiscordOptions,
  ) {
    this.state = new FakeState(options.users ?? [alice, bob]);
    this.gateway = new FakeGateway(server, () => this.gatewayUrl, options.heartbeatIntervalMs ?? 41_250);
    this.answer = createRoutes(
      this.state,
      () => this.gatewayUrl,
      () => this.origin,
    );
    server.on("request", (request, response) => void this.onRequest(request, response));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server, options);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** What to give discord.js as `rest.api` (it appends /v10). */
  get apiBaseUrl(): string {
    return `${this.origin}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Sends INTERACTION_CREATE, remembering the interaction so its callbacks and webhooks can be answered. */
  dispatchInteraction<T extends { id: string; token: string; channel_id?: string; message?: { id: string } }>(
    payload: T,
  ): T {
    this.state.interactions.set(payload.token, {
      id: payload.id,
      token: payload.token,
      channelId: payload.channel_id ?? "",
      ...(payload.message ? { sourceMessageId: payload.message.id } : {}),
    });
    if (payload.message && !this.state.messages.has(payload.message.id)) {
      this.state.messages.set(payload.message.id, payload.message as never);
    }
    this.gateway.dispatch("INTERACTION_CREATE", payload);
    return payload;
  }

  /** Makes the interaction's token fail like one past its 15 minutes (50027 Invalid Webhook Token). */
  expireToken(token: string): void {
    const interaction = this.state.interactions.get(token);
    if (interaction) interaction.expired = true;
  }

  /** The next `times` calls matching `method` and `path` get `response` instead of the normal answer. */
  failNext(method: string, path: RegExp, response: RestResponse, times = 1): void {
    this.failures.push({ method, path, response, remaining: times });
  }

  /** The number of calls so far, to look only at later ones. */
  mark(): number {
    return this.calls.length;
  }

  /** Calls after `mark` that match. */
  callsAfter(mark: number, match: (call: RecordedCall) => boolean = () => true): RecordedCall[] {
    return this.calls.slice(mark).filter(match);
  }

  /** Resolves with the first call after `mark` that matches (waiting for it if needed). */
  waitForCall(match: (call: RecordedCall) => boolean, mark = 0, timeoutMs = 10_000): Promise<RecordedCall> {
    const found = this.calls.slice(mark).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off("call", listener);
        reject(
          new Error(`no matching Discord call within ${timeoutMs} ms; calls: ${this.describeCalls(mark)}`),
        );
      }, timeoutMs);
      const listener = (call: RecordedCall) => {
        if (!match(call)) return;
        clearTimeout(timer);
        this.events.off("call", listener);
        resolve(call);
      };
      this.events.on("call", listener);
    });
  }

  /** Resolves once `count` calls after `mark` match. */
  async waitForCalls(
    count: number,
    match: (call: RecordedCall) => boolean,
    mark = 0,
  ): Promise<RecordedCall[]> {
    while (this.callsAfter(mark, match).length < count) {
      await this.waitForCall(match, this.calls.length);
    }
    return this.callsAfter(mark, match);
  }

  describeCalls(mark = 0): string {
    return this.calls
      .slice(mark)
      .map((call) => `${call.method} ${call.path} → ${call.status}`)
      .join("; ");
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", this.origin);
    const raw = await readBody(request);
    const { body, files } = await parseBody(raw, request.headers["content-type"]);
    const call: RecordedCall = {
      method: request.method ?? "GET",
      path: decodeURIComponent(url.pathname).replace(/^\/api\/v10/, ""),
      query: url.searchParams,
      body,
      files,
      authorization: request.headers.authorization,
      status: 0,
    };
    const result = this.injectedFailure(call) ?? this.answer(call);
    call.status = result.status;
    this.calls.push(call);
    response.writeHead(result.status, {
      ...(result.body !== undefined ? { "content-type": "application/json" } : {}),
      ...result.headers,
    });
    response.end(result.body !== undefined ? JSON.stringify(result.body) : undefined);
    this.events.emit("call", call);
  }

  private injectedFailure(call: RecordedCall): RestResponse | undefined {
    const failure = this.failures.find(
      (entry) => entry.remaining > 0 && entry.method === call.method && entry.path.test(call.path),
    );
    if (!failure) return undefined;
    failure.remaining -= 1;
    return failure.response;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON, or multipart/form-data with payload_json and files (as discord.js uploads attachments). */
async function parseBody(
  raw: Buffer,
  contentType: string | undefined,
): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!contentType?.startsWith("multipart/form-data"))
    return { body: JSON.parse(raw.toString("utf8")), files: [] };
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  let body: unknown;
  const files: RecordedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") {
      if (field === "payload_json") body = JSON.parse(value);
      continue;
    }
    files.push({
      field,
      filename: value.name,
      contentType: value.type,
      data: Buffer.from(await value.arrayBuffer()),
    });
  }
  return { body, files };
}
