import { progressLine } from "../../core/text/progress-bar.ts";
import type { messagingApi } from "@line/bot-sdk";
import type { Logger } from "../../core/logger.ts";
import type { Choice, ChoicesReply, ImageReply, Reply } from "../../core/reply.ts";
import { LINE_LIMITS } from "./limits.ts";
import type { MediaStore } from "./media.ts";
import { clip, splitText } from "../shared/text.ts";

type Message = messagingApi.Message;
type TextMessage = messagingApi.TextMessage;
type QuickReplyItem = messagingApi.QuickReplyItem;

/** The chat a rendering is for: 1:1 (`direct`), or a group or room that every member reads. */
export interface RenderTarget {
  direct: boolean;
}

export type RenderReplies = (replies: readonly Reply[], target: RenderTarget) => Promise<Message[]>;

/** Whether a tap on a choice concerns the member alone (its command is private in groups). */
export type IsPrivateTap = (action: string) => boolean;

const IMAGES_DISABLED_NOTE =
  "(画像を表示するには、ボットのサーバーに公開 HTTPS アドレス PUBLIC_BASE_URL を設定してください / set PUBLIC_BASE_URL to show images)";

/**
 * Maps neutral replies to LINE messages: text (split at LINE's length limit), code as text (LINE has no
 * monospace; line breaks are kept), choices as quick-reply buttons sending postbacks, images as hosted
 * image messages (or their description when images cannot be hosted), progress as a short status line.
 */
export function createRenderer(media: MediaStore, logger: Logger, isPrivateTap: IsPrivateTap): RenderReplies {
  return async (replies, target) => {
    const messages: Message[] = [];
    for (const reply of replies) {
      switch (reply.kind) {
        case "text":
          messages.push(...textMessages(reply.text));
          break;
        case "code":
          messages.push(...textMessages(reply.code));
          break;
        case "progress":
          messages.push(...textMessages(progressLine(reply, 10, (bar) => `⏳ ${bar}`)));
          break;
        case "image":
          messages.push(...(await imageMessages(reply, media, logger)));
          break;
        case "choices":
          attachChoices(messages, reply, target, isPrivateTap);
          break;
      }
    }
    keepQuickReplyLast(messages);
    return messages;
  };
}

/**
 * LINE shows quick-reply buttons only while their message is the last in the chat, so buttons followed by
 * more messages move to the last one.
 */
function keepQuickReplyLast(messages: Message[]): void {
  const last = messages.at(-1);
  const holder = messages.findLast((message) => message.quickReply !== undefined);
  if (!last || !holder || holder === last) return;
  last.quickReply = holder.quickReply;
  delete holder.quickReply;
}

const textMessages = (text: string): TextMessage[] =>
  splitText(text.trim() === "" ? "…" : text, LINE_LIMITS.textLength).map((piece) => ({
    type: "text",
    text: piece,
  }));

async function imageMessages(reply: ImageReply, media: MediaStore, logger: Logger): Promise<Message[]> {
  if (!media.canHost) return textMessages(`🖼️ ${reply.alt}\n${IMAGES_DISABLED_NOTE}`);
  try {
    const hosted = await media.save(reply.png);
    return [{ type: "image", originalContentUrl: hosted.originalUrl, previewImageUrl: hosted.previewUrl }];
  } catch (error) {
    logger.error(
      { err: error, filename: reply.filename },
      "LINE: could not host an image; sending its description",
    );
    return textMessages(`🖼️ ${reply.alt}`);
  }
}

/**
 * Quick replies hang on a message: the prompt's own, or the previous message when the prompt is empty.
 * LINE takes 13 buttons; any more are listed in the text so they stay reachable by typing.
 */
function attachChoices(
  messages: Message[],
  reply: ChoicesReply,
  target: RenderTarget,
  isPrivateTap: IsPrivateTap,
): void {
  if (reply.choices.length === 0) {
    if (reply.prompt.trim()) messages.push(...textMessages(reply.prompt));
    return;
  }
  const shown = reply.choices.slice(0, LINE_LIMITS.quickReplyItems);
  const hidden = reply.choices.slice(LINE_LIMITS.quickReplyItems);
  const overflow = hidden.map((choice) => `${choice.label}: ${choice.action}`).join("\n");
  const prompt = [reply.prompt.trim(), overflow].filter(Boolean).join("\n");
  const quickReply = {
    items: shown.map((choice) => quickReplyItem(choice, target.direct || !isPrivateTap(choice.action))),
  };
  const last = messages.at(-1);
  if (!prompt && last && !last.quickReply) {
    last.quickReply = quickReply;
    return;
  }
  const pieces = textMessages(prompt || "👇");
  const tail = pieces.at(-1);
  if (tail) tail.quickReply = quickReply;
  messages.push(...pieces);
}

/**
 * A button that posts the choice's action back; the chat shows the tapped label as the user's message
 * (`showTapped`) — not in a group or room when the tap concerns the member alone (an answer: every member
 * would see the letter before time is up).
 */
function quickReplyItem(choice: Choice, showTapped: boolean): QuickReplyItem {
  const action: messagingApi.PostbackAction = {
    type: "postback",
    label: clip(choice.label, LINE_LIMITS.actionLabel),
    data: choice.action.slice(0, LINE_LIMITS.postbackData),
    ...(showTapped ? { displayText: clip(choice.label, LINE_LIMITS.postbackData) } : {}),
  };
  return { type: "action", action };
}

/**
 * Groups messages into requests of at most five. When there are more, neighbouring plain text messages
 * are joined first (within the length limit) so fewer requests are needed; what still does not fit
 * becomes further requests.
 */
export function packMessages(messages: readonly Message[]): Message[][] {
  const packed: Message[] = [];
  let surplus = messages.length - LINE_LIMITS.messagesPerRequest;
  for (const message of messages) {
    const previous = packed.at(-1);
    if (surplus > 0 && previous && isPlainText(previous) && message.type === "text") {
      const joined = `${previous.text}\n\n${message.text}`;
      if (joined.length <= LINE_LIMITS.textLength) {
        packed[packed.length - 1] = { ...message, text: joined };
        surplus -= 1;
        continue;
      }
    }
    packed.push(message);
  }
  const batches: Message[][] = [];
  for (let start = 0; start < packed.length; start += LINE_LIMITS.messagesPerRequest) {
    batches.push(packed.slice(start, start + LINE_LIMITS.messagesPerRequest));
  }
  return batches;
}

/** A text message without buttons, which can take more text at its end. */
const isPlainText = (message: Message): message is TextMessage =>
  message.type === "text" && !message.quickReply;
