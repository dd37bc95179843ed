import type { webhook } from "@line/bot-sdk";
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
