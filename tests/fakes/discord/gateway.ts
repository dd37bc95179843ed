import { EventEmitter } from "node:events";
import type { Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { APPLICATION_ID, botUser, BOT_TOKEN, guildCreate, GUILD_ID } from "./fixtures.ts";
import { snowflake } from "./snowflake.ts";

/** Gateway opcodes this fake speaks. */
const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  Resume: 6,
  Reconnect: 7,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

interface Session {
  id: string;
  seq: number;
  socket: WebSocket;
}

export interface GatewayEvents {
  /** The query string each connection asked for (v, encoding, compress). */
  connections: URLSearchParams[];
  identifies: { token: string; intents: number }[];
  resumes: number;
  heartbeats: number;
}

/**
 * The gateway: HELLO on connect, IDENTIFY → READY + GUILD_CREATE, RESUME → RESUMED, heartbeats acknowledged,
 * and dispatches pushed by tests. Speaks plain JSON (no zlib), which is what discord.js asks for without
 * zlib-sync installed.
 */
export class FakeGateway extends EventEmitter {
  readonly seen: GatewayEvents = { connections: [], identifies: [], resumes: 0, heartbeats: 0 };
  private readonly wss: WebSocketServer;
  private session: Session | undefined;
  /** Close code for the next IDENTIFY instead of READY (Discord's 4014 for disallowed intents, say). */
  private identifyRefusal: { code: number; reason: string } | undefined;

  constructor(
    server: Server,
    private readonly url: () => string,
    private readonly heartbeatIntervalMs: number,
  ) {
    super();
    this.wss = new WebSocketServer({ server });
    this.wss.on("connection", (socket, request) => this.onConnection(socket, request.url ?? "/"));
  }

  /** Sends a dispatch (op 0) with the next sequence number. */
  dispatch(event: string, data: unknown): void {
    const session = this.session;
    if (!session) throw new Error("no gateway session: the client has not identified");
    session.seq += 1;
    session.socket.send(JSON.stringify({ op: Op.Dispatch, t: event, s: session.seq, d: data }));
  }

  /** Asks the client to reconnect (op 7); discord.js resumes the session on a new connection. */
  requestReconnect(): void {
    this.session?.socket.send(JSON.stringify({ op: Op.Reconnect, d: null, s: null, t: null }));
  }

  /**
   * Closes the live session's connection with a close code, as Discord does when it ends a session (4004
   * after the bot's token was reset, 4014 for intents it may no longer use).
   */
  closeSession(code: number, reason: string): void {
    if (!this.session) throw new Error("no gateway session: the client has not identified");
    this.session.socket.close(code, reason);
  }

  /** The next IDENTIFY is answered by closing the connection with `code` instead of READY. */
  refuseNextIdentify(code: number, reason: string): void {
    this.identifyRefusal = { code, reason };
  }

  /** Waits for the next "ready", "resumed" or "heartbeat". */
  next(event: "ready" | "resumed" | "heartbeat"): Promise<void> {
    return new Promise((resolve) => this.once(event, () => resolve()));
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(socket: WebSocket, path: string): void {
    this.seen.connections.push(new URL(path, "ws://fake").searchParams);
    const send = (payload: object) => socket.send(JSON.stringify({ s: null, t: null, ...payload }));
    send({ op: Op.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs } });
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> | number | null };
      switch (payload.op) {
        case Op.Heartbeat:
          this.seen.heartbeats += 1;
          send({ op: Op.HeartbeatAck });
          this.emit("heartbeat");
          break;
        case Op.Identify:
          this.identify(socket, payload.d as { token: string; intents: number });
          break;
        case Op.Resume:
          this.resume(socket, payload.d as { session_id: string; seq: number });
          break;
        default:
          socket.close(4001, "Unknown opcode");
      }
    });
  }

  private identify(socket: WebSocket, data: { token: string; intents: number }): void {
    this.seen.identifies.push({ token: data.token, intents: data.intents });
    const refusal = this.identifyRefusal;
    if (refusal) {
      this.identifyRefusal = undefined;
      socket.close(refusal.code, refusal.reason);
      return;
    }
    if (data.token !== BOT_TOKEN) {
      socket.close(4004, "Authentication failed.");
      return;
    }
    this.session = { id: snowflake(), seq: 0, socket };
    this.dispatch("READY", {
      v: 10,
      user: botUser,
      guilds: [{ id: GUILD_ID, unavailable: true }],
      session_id: this.session.id,
      session_type: "normal",
      resume_gateway_url: this.url(),
      shard: [0, 1],
      application: { id: APPLICATION_ID, flags: 0 },
    });
    this.dispatch("GUILD_CREATE", guildCreate());
    this.emit("ready");
  }

  private resume(socket: WebSocket, data: { session_id: string; seq: number }): void {
    this.seen.resumes += 1;
    if (!this.session || data.session_id !== this.session.id) {
      socket.send(JSON.stringify({ op: Op.InvalidSession, d: false, s: null, t: null }));
      return;
    }
    this.session.socket = socket;
    this.dispatch("RESUMED", {});
    this.emit("resumed");
  }
}
