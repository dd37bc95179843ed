import type { webhook } from "@line/bot-sdk";
import { connect } from "node:net";
import { callbackBody, signature } from "./fixtures.ts";

export interface PostOptions {
  /** Sign with this secret (the default is the harness's), or send this exact signature, or none at all. */
  secret?: string;
  signature?: string | null;
}

/** Posts a webhook as LINE does: JSON body, X-Line-Signature over the exact bytes sent. */
export async function postWebhook(
  url: string,
  body: string | webhook.Event[],
  secret: string,
  options: PostOptions = {},
): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(callbackBody(body));
  const sig = options.signature === undefined ? signature(raw, options.secret ?? secret) : options.signature;
  return fetch(`${url}/line/webhook`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": "LineBotWebhook/2.0",
      ...(sig === null ? {} : { "X-Line-Signature": sig }),
    },
    body: raw,
  });
}

/**
 * Posts a raw body with exactly these header lines, over a bare socket: fetch would merge a repeated
 * header into one line, and LINE's clients do not send one, but an attacker can. Returns every status
 * line the server wrote (one per response) and the connection's whole answer.
 */
export async function postWithHeaderLines(
  url: string,
  raw: string,
  headerLines: readonly (readonly [string, string])[],
): Promise<{ statuses: number[]; answer: string }> {
  const { hostname, port } = new URL(url);
  const body = Buffer.from(raw, "utf8");
  const head = [
    "POST /line/webhook HTTP/1.1",
    `Host: ${hostname}:${port}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${body.length}`,
    "Connection: close",
    ...headerLines.map(([name, value]) => `${name}: ${value}`),
  ].join("\r\n");
  const socket = connect(Number(port), hostname);
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, "latin1"), body]));
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const answer = Buffer.concat(chunks).toString("utf8");
  const statuses = [...answer.matchAll(/^HTTP\/1\.1 (\d{3}) /gm)].map((match) => Number(match[1]));
  return { statuses, answer };
}
