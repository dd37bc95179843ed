import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { EventEmitter } from "node:events";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for LINE's Messaging API on 127.0.0.1, for the real @line/bot-sdk client to talk to. It
 * records reply, push and loading-animation calls, enforces LINE's limits (5 messages, text length, quick
 * reply size, HTTPS image URLs, single-use reply tokens, push retry keys), serves member profiles, and can
 * be told to fail a number of times with 429 (with Retry-After) or 5xx, or to stall (never answer).
 */

export type Endpoint = "reply" | "push" | "loading" | "profile";

export interface RecordedCall {
  endpoint: Endpoint;
  path: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface SentMessage {
  type: string;
  text?: string;
  originalContentUrl?: string;
  previewImageUrl?: string;
  quickReply?: {
    items: { type: string; action: { type: string; label: string; data: string; displayText?: string } }[];
  };
}

export interface Delivered {
  endpoint: "reply" | "push";
  /** The reply token, or the push's recipient. */
  replyToken?: string;
  to?: string;
  messages: SentMessage[];
  retryKey?: string;
}

interface Failure {
  status: number;
  times: number;
  retryAfter?: string;
}

const LIMITS = { messages: 5, text: 5000, quickReplyItems: 13, label: 20, data: 300 };

export class FakeMessagingApi {
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<Endpoint, Failure>();
  private readonly stalls = new Map<Endpoint, number>();
  private readonly usedReplyTokens = new Set<string>();
  private readonly acceptedRetryKeys = new Set<string>();
  private readonly refusedReplyTokens = new Set<string>();
  private readonly profiles = new Map<string, { displayName: string; language?: string }>();
  /** Stalled requests whose connection the client has not closed yet. */
  private readonly hanging = new Set<ServerResponse>();
  private readonly hangingChanged = new EventEmitter();

  private readonly server: Server;
  private address = "";

  private constructor(private readonly token: string) {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  static async start(channelAccessToken: string): Promise<FakeMessagingApi> {
    const fake = new FakeMessagingApi(channelAccessToken);
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.address = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** The base URL to give the client (LINE_API_BASE_URL). */
  get url(): string {
    return this.address;
  }

  /** The next `times` calls to `endpoint` fail with `status` (and Retry-After when given). */
  failNext(endpoint: Endpoint, failure: Failure): void {
    this.failures.set(endpoint, { ...failure });
  }

  /**
   * The next `times` calls to `endpoint` are read and then never answered (recorded with status 0), like a
   * server that took the connection and hung. They end when the fake closes.
   */
  stallNext(endpoint: Endpoint, times = 1): void {
    this.stalls.set(endpoint, times);
  }

  /** How many stalled requests still hold their connection open (a client that gave up should close it). */
  get openStalledRequests(): number {
    return this.hanging.size;
  }

  /**
   * Resolves once at most `count` stalled requests hold a connection open, or after `timeoutMs` (a bound
   * for a test that would otherwise wait forever); either way with the number still open.
   */
  async stalledRequestsClosed(count: number, timeoutMs: number): Promise<number> {
    if (this.hanging.size <= count) return this.hanging.size;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.hangingChanged.off("change", check);
        resolve();
      };
      const check = () => {
        if (this.hanging.size <= count) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.hangingChanged.on("change", check);
    });
    return this.hanging.size;
  }

  /** Replies with this token are refused as LINE refuses an expired token. */
  expireReplyToken(token: string): void {
    this.refusedReplyTokens.add(token);
  }

  /** A LINE user's profile, as returned for 1:1 chats and as a group or room member. */
  setProfile(userId: string, displayName: string, language?: string): void {
    this.profiles.set(userId, { displayName, ...(language ? { language } : {}) });
  }

  /** Replies and pushes LINE accepted, in order. */
  get delivered(): Delivered[] {
    return this.calls
      .filter((call) => call.status === 200 && (call.endpoint === "reply" || call.endpoint === "push"))
      .map((call) => {
        const body = call.body as { replyToken?: string; to?: string; messages: SentMessage[] };
        const retryKey = call.headers["x-line-retry-key"];
        return {
          endpoint: call.endpoint as "reply" | "push",
          ...(body.replyToken ? { replyToken: body.replyToken } : {}),
          ...(body.to ? { to: body.to } : {}),
          messages: body.messages,
          ...(typeof retryKey === "string" ? { retryKey } : {}),
        };
      });
  }

  callsTo(endpoint: Endpoint): RecordedCall[] {
    return this.calls.filter((call) => call.endpoint === endpoint);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", this.url).pathname;
    const raw = await readBody(req);
    const endpoint = endpointOf(req.method ?? "GET", path);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (endpoint) this.calls.push({ endpoint, path, status, headers: req.headers, body: parseJson(raw) });
      res.writeHead(status, { "Content-Type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return answer(401, { message: "Authentication failed" });
    if (!endpoint) return answer(404, { message: "Not found" });
    const stalls = this.stalls.get(endpoint) ?? 0;
    if (stalls > 0) {
      this.stalls.set(endpoint, stalls - 1);
      this.calls.push({ endpoint, path, status: 0, headers: req.headers, body: parseJson(raw) });
      this.hanging.add(res);
      res.once("close", () => {
        this.hanging.delete(res);
        this.hangingChanged.emit("change");
      });
      return;
    }
    const failure = this.failures.get(endpoint);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      const headers: Record<string, string> = failure.retryAfter ? { "Retry-After": failure.retryAfter } : {};
      return answer(
        failure.status,
        { message: failure.status === 429 ? "Too Many Requests" : "Internal error" },
        headers,
      );
    }
    if (endpoint === "profile") return this.profile(path, answer);
    const body = parseJson(raw);
    if (typeof body !== "object" || body === null)
      return answer(400, { message: "The request body has 1 error(s)" });
    if (endpoint === "loading") {
      const chatId = (body as { chatId?: unknown }).chatId;
      const seconds = (body as { loadingSeconds?: unknown }).loadingSeconds;
      const valid =
        typeof chatId === "string" &&
        chatId.startsWith("U") &&
        typeof seconds === "number" &&
        seconds % 5 === 0 &&
        seconds >= 5 &&
        seconds <= 60;
      return valid ? answer(202, {}) : answer(400, { message: "Invalid loading animation request" });
    }
    const problem = messagesProblem((body as { messages?: unknown }).messages);
    if (problem) return answer(400, { message: problem });
    if (endpoint === "reply") {
      const token = (body as { replyToken?: unknown }).replyToken;
      if (
        typeof token !== "string" ||
        this.usedReplyTokens.has(token) ||
        this.refusedReplyTokens.has(token)
      ) {
        return answer(400, { message: "Invalid reply token" });
      }
      this.usedReplyTokens.add(token);
      return answer(200, { sentMessages: [] });
    }
    const retryKey = req.headers["x-line-retry-key"];
    if (typeof retryKey === "string") {
      if (this.acceptedRetryKeys.has(retryKey))
        return answer(409, { message: "The retry key is already accepted" });
      this.acceptedRetryKeys.add(retryKey);
    }
    return answer(200, { sentMessages: [] });
  }

  private profile(path: string, answer: (status: number, body: unknown) => void): void {
    const userId = path.split("/").at(-1) ?? "";
    const profile = this.profiles.get(userId);
    if (!profile) return answer(404, { message: "Not found" });
    answer(200, {
      userId,
      displayName: profile.displayName,
      ...(profile.language && path.startsWith("/v2/bot/profile/") ? { language: profile.language } : {}),
    });
  }
}

function endpointOf(method: string, path: string): Endpoint | undefined {
  if (method === "POST" && path === "/v2/bot/message/reply") return "reply";
  if (method === "POST" && path === "/v2/bot/message/push") return "push";
  if (method === "POST" && path === "/v2/bot/chat/loading/start") return "loading";
  if (method === "GET" && /^\/v2\/bot\/(profile\/[^/]+|(group|room)\/[^/]+\/member\/[^/]+)$/.test(path))
    return "profile";
  return undefined;
}

/** What LINE would refuse in a list of messages, if anything. */
function messagesProblem(messages: unknown): string | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return "messages must not be empty";
  if (messages.length > LIMITS.messages) return `messages: size must be between 1 and ${LIMITS.messages}`;
  for (const message of messages as SentMessage[]) {
    if (message.type === "text") {
      if (!message.text || message.text.length > LIMITS.text)
        return `text: length must be between 1 and ${LIMITS.text}`;
    } else if (message.type === "image") {
      if (!isHttpsUrl(message.originalContentUrl) || !isHttpsUrl(message.previewImageUrl))
        return "image URLs must be HTTPS";
    } else {
      return `unexpected message type ${message.type}`;
    }
    const items = message.quickReply?.items;
    if (items === undefined) continue;
    if (items.length === 0 || items.length > LIMITS.quickReplyItems)
      return "quickReply.items: size must be between 1 and 13";
    for (const item of items) {
      const action = item.action;
      if (item.type !== "action" || action.type !== "postback")
        return "quick reply items must be postback actions";
      if (!action.label || action.label.length > LIMITS.label)
        return `action.label: length must be between 1 and ${LIMITS.label}`;
      if (!action.data || action.data.length > LIMITS.data)
        return `action.data: length must be between 1 and ${LIMITS.data}`;
      if (action.displayText !== undefined && action.displayText.length > LIMITS.data)
        return "action.displayText too long";
    }
  }
  return undefined;
}

const isHttpsUrl = (value: unknown): boolean =>
  typeof value === "string" && value.startsWith("https://") && value.length <= 2000;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}
