import { progressLine as sharedProgressLine } from "../../core/text/progress-bar.ts";
import type { APIEmbed } from "discord.js";
import type { Choice, ImageReply, ProgressReply, Reply } from "../../core/reply.ts";
import { buttonRows, type ButtonRow } from "./components.ts";
import { clip } from "../shared/text.ts";
import { LIMITS } from "./limits.ts";
import { chunkMarkdown, type Segment } from "./split.ts";

export interface OutgoingFile {
  attachment: Buffer;
  name: string;
  description?: string;
}

/** One Discord message, in the shape discord.js's send/reply/edit methods take. */
export interface OutgoingMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: ButtonRow[];
  files?: OutgoingFile[];
}

export type Outgoing =
  | { kind: "message"; message: OutgoingMessage }
  /** Replaces the earlier message with the same key where it can. */
  | { kind: "progress"; key: string; content: string; done: boolean };

const EMBED_COLOR = 0x5865f2;

/**
 * The core's replies as Discord messages. Prose alone is plain content; prose with code (lesson snippets,
 * memo lists, explanations) becomes embeds, whose 4096-character descriptions hold code blocks well. Choices
 * become buttons on the message before them, images attachments, progress an editable line.
 */
export function renderReplies(replies: readonly Reply[]): Outgoing[] {
  const out: Outgoing[] = [];
  let prose: Segment[] = [];
  const flush = () => {
    out.push(...proseMessages(prose).map((message) => ({ kind: "message" as const, message })));
    prose = [];
  };
  for (const reply of replies) {
    switch (reply.kind) {
      case "text":
        prose.push({ kind: "text", text: reply.text });
        break;
      case "code":
        prose.push({ kind: "code", language: reply.language, code: reply.code });
        break;
      case "choices":
        flush();
        addChoices(out, reply.prompt, reply.choices);
        break;
      case "image":
        flush();
        addImage(out, reply);
        break;
      case "progress":
        flush();
        out.push({ kind: "progress", key: reply.key, content: progressLine(reply), done: reply.done });
        break;
    }
  }
  flush();
  return out;
}

function proseMessages(segments: readonly Segment[]): OutgoingMessage[] {
  if (segments.length === 0) return [];
  if (!segments.some((segment) => segment.kind === "code")) {
    return chunkMarkdown(segments, LIMITS.content).map((content) => ({ content }));
  }
  const messages: OutgoingMessage[] = [];
  let embeds: APIEmbed[] = [];
  let total = 0;
  for (const description of chunkMarkdown(segments, LIMITS.embedDescription)) {
    if (embeds.length === LIMITS.embedsPerMessage || total + description.length > LIMITS.embedTotal) {
      messages.push({ embeds });
      embeds = [];
      total = 0;
    }
    embeds.push({ description, color: EMBED_COLOR });
    total += description.length;
  }
  if (embeds.length > 0) messages.push({ embeds });
  return messages;
}

/** Buttons go on the message just before when it has none yet, so a question and its choices stay together. */
function addChoices(out: Outgoing[], prompt: string, choices: readonly Choice[]): void {
  const rows = buttonRows(choices);
  const last = lastMessage(out);
  if (rows.length === 0) {
    if (prompt && !(last && !last.components && appendText(last, prompt))) {
      out.push({ kind: "message", message: { content: clip(prompt, LIMITS.content) } });
    }
    return;
  }
  let target: OutgoingMessage;
  if (last && !last.components && (!prompt || appendText(last, prompt))) target = last;
  else {
    target = prompt ? { content: clip(prompt, LIMITS.content) } : {};
    out.push({ kind: "message", message: target });
  }
  const [first, ...rest] = chunk(rows, LIMITS.rowsPerMessage);
  target.components = first ?? [];
  for (const more of rest) out.push({ kind: "message", message: { components: more } });
}

function addImage(out: Outgoing[], image: ImageReply): void {
  const file: OutgoingFile = {
    attachment: Buffer.from(image.png),
    name: image.filename,
    ...(image.alt ? { description: clip(image.alt, LIMITS.attachmentDescription) } : {}),
  };
  const last = lastMessage(out);
  if (last && !last.components && (last.files?.length ?? 0) < LIMITS.filesPerMessage) {
    last.files = [...(last.files ?? []), file];
  } else out.push({ kind: "message", message: { files: [file] } });
}

/** Adds a line under a message's text when it still fits; false when it does not. */
function appendText(message: OutgoingMessage, line: string): boolean {
  const lastEmbed = message.embeds?.at(-1);
  if (lastEmbed) {
    const description = `${lastEmbed.description ?? ""}\n\n${line}`;
    const total = (message.embeds ?? []).reduce((sum, embed) => sum + (embed.description?.length ?? 0), 0);
    if (description.length > LIMITS.embedDescription || total + line.length + 2 > LIMITS.embedTotal)
      return false;
    lastEmbed.description = description;
    return true;
  }
  if (message.content === undefined) return false;
  const content = `${message.content}\n\n${line}`;
  if (content.length > LIMITS.content) return false;
  message.content = content;
  return true;
}

const lastMessage = (out: Outgoing[]): OutgoingMessage | undefined => {
  const last = out.at(-1);
  return last?.kind === "message" ? last.message : undefined;
};

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const groups: T[][] = [];
  for (let index = 0; index < items.length; index += size) groups.push(items.slice(index, index + size));
  return groups;
};

/**
 * A progress line within Discord's limits, the bar in code so its blocks line up:
 * "`[██████░░░░]`  60% epoch 3/5", "✅ done", or "⏳ waiting" when the share is unknown.
 */
export function progressLine(progress: ProgressReply, width = 16): string {
  const line = sharedProgressLine(progress, width, (bar) => bar.replace(/^(\[[^\]]*\])/, "`$1`"));
  return clip(line, LIMITS.content);
}
