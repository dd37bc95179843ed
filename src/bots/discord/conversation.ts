import {
  MessageFlags,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from "discord.js";
import type { Conversation } from "../../core/conversation.ts";
import type { Logger } from "../../core/logger.ts";
import type { Reply } from "../../core/reply.ts";
import type { ChannelSender } from "./channels.ts";
import { apologize } from "./apology.ts";
import { describeError, isTokenGone } from "./errors.ts";
import { clip } from "../shared/text.ts";
import { LIMITS } from "./limits.ts";
import { PUSH_NOTE } from "./pusher.ts";
import { renderReplies, type Outgoing, type OutgoingMessage } from "./render.ts";

/** Interaction tokens last 15 minutes; past this, later replies go to the channel instead. */
export const TOKEN_SAFE_MS = 14 * 60 * 1000;

export interface InteractionConversationOptions {
  interaction: ChatInputCommandInteraction | ButtonInteraction;
  /** Replies only the user sees (a button answer in a shared channel). */
  ephemeral: boolean;
  channels: ChannelSender;
  logger: Logger;
  now: () => number;
}

type Acknowledged = "no" | "deferred" | "replied" | "updated";

/** Where a progress line lives: a message of the interaction's webhook, or a plain channel message. */
type ProgressTarget = { via: "webhook"; messageId: string } | { via: "channel"; messageId: string };

/**
 * The way back to one interaction. The first answer is the interaction's reply (or fills the deferred one);
 * progress edits one message in place, the deferred reply first; later messages are follow-ups. When the
 * token is about to expire (or Discord says it has), everything goes to the channel as plain messages,
 * except private (ephemeral) answers, which cannot be private there. Every delivery is queued, so replies
 * keep their order, and failures are logged, never thrown.
 */
export class InteractionConversation implements Conversation {
  readonly pushNote = PUSH_NOTE;
  private acknowledged: Acknowledged = "no";
  /** Whether the deferred reply has been given its content yet. */
  private originalFilled = false;
  /** The text shown in the reply itself, kept above a progress line that later takes it over. */
  private originalText = "";
  private originalProgressKey: string | undefined;
  /** The progress line last shown under the reply's text. */
  private originalProgressLine = "";
  private readonly progress = new Map<string, ProgressTarget>();
  private tokenGone = false;
  /** Set when the answer explains a mistake: it (and anything after it) is shown to the sender alone. */
  private privateAnswer = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly receivedAt: number;

  constructor(private readonly options: InteractionConversationOptions) {
    this.receivedAt = options.now();
  }

  /** Acknowledges with "thinking…" (callback type 5) unless already acknowledged. */
  defer(): Promise<void> {
    return this.enqueue(async () => {
      if (this.acknowledged !== "no") return;
      await this.options.interaction.deferReply(this.flags());
      this.acknowledged = "deferred";
    });
  }

  /** Acknowledges a tap by updating the tapped message (callback type 7), e.g. to disable its buttons. */
  updateTapped(components: APIActionRowComponent<APIComponentInMessageActionRow>[]): Promise<void> {
    return this.enqueue(async () => {
      const interaction = this.options.interaction;
      if (this.acknowledged !== "no" || !interaction.isButton()) return;
      await interaction.update({ components });
      this.acknowledged = "updated";
    });
  }

  /** The core's immediate replies; an answer that only explains a mistake goes to the sender alone. */
  answer(replies: readonly Reply[]): Promise<void> {
    return this.enqueue(() => {
      const onlyErrors = replies.length > 0 && replies.every((reply) => reply.kind === "text" && reply.error);
      if (onlyErrors && this.acknowledged === "no") this.privateAnswer = true;
      return this.deliver(renderReplies(replies), true);
    });
  }

  /** Later replies (progress, results). */
  send(replies: Reply[]): Promise<void> {
    return this.enqueue(() => this.deliver(renderReplies(replies), false));
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work).catch((error: unknown) => this.logFailure(error));
    this.queue = next;
    return next;
  }

  private async deliver(outgoing: readonly Outgoing[], immediate: boolean): Promise<void> {
    if (outgoing.length === 0 && immediate) return this.acknowledgeSilently();
    for (const item of outgoing) {
      try {
        if (item.kind === "progress") await this.showProgress(item.key, item.content);
        else await this.post(item.message, immediate);
      } catch (error) {
        // A private answer must not turn public: it is only logged when its token is gone.
        if (!isTokenGone(error) || this.tokenGone || this.isPrivate()) {
          this.logFailure(error);
          // Discord refused the answer itself (not a lost token): the user still hears something.
          if (immediate && !isTokenGone(error))
            await apologize(this.options.interaction, this.options.logger);
          continue;
        }
        this.options.logger.warn(
          { ...describeError(error), chatId: this.chatId },
          "discord: interaction token gone; using the channel",
        );
        this.tokenGone = true;
        try {
          if (item.kind === "progress") await this.showProgress(item.key, item.content);
          else await this.post(item.message, immediate);
        } catch (retryError) {
          this.logFailure(retryError);
        }
      }
    }
  }

  private async post(message: OutgoingMessage, immediate: boolean): Promise<void> {
    const interaction = this.options.interaction;
    if (this.useChannel()) {
      await this.options.channels.send(this.chatId, message);
      return;
    }
    if (immediate && this.canHeadProgress(message)) {
      // Progress got to the reply first (work started before the core answered): the answer becomes its heading.
      this.originalText = message.content ?? "";
      await interaction.editReply({ content: this.withOriginalText(this.originalProgressLine) });
    } else if (this.acknowledged === "no") {
      await interaction.reply({ ...message, ...this.flags() });
      this.acknowledged = "replied";
      this.originalText = message.content ?? "";
    } else if (this.acknowledged === "deferred" && !this.originalFilled) {
      await interaction.editReply(message);
      this.originalFilled = true;
      this.originalText = message.content ?? "";
    } else {
      await interaction.followUp({ ...message, ...this.flags() });
    }
  }

  /** Whether a plain-text answer can sit above the progress line that already took over the reply. */
  private canHeadProgress(message: OutgoingMessage): boolean {
    const plain =
      message.content !== undefined &&
      !message.embeds?.length &&
      !message.components?.length &&
      !message.files?.length;
    return plain && this.originalProgressKey !== undefined && !this.originalText;
  }

  private async showProgress(key: string, line: string): Promise<void> {
    const interaction = this.options.interaction;
    const target = this.progress.get(key);
    if (target?.via === "channel") {
      const content = key === this.originalProgressKey ? this.withOriginalText(line) : line;
      await this.options.channels.edit(this.chatId, target.messageId, { content });
      return;
    }
    if (this.useChannel()) {
      // Moving off the reply: the new message keeps the reply's heading, so it makes sense on its own.
      const content = key === this.originalProgressKey ? this.withOriginalText(line) : line;
      const messageId = await this.options.channels.send(this.chatId, { content });
      this.progress.set(key, { via: "channel", messageId });
      return;
    }
    if (target) {
      const onOriginal = target.messageId === "@original";
      await interaction.editReply({
        message: target.messageId,
        content: onOriginal ? this.withOriginalText(line) : line,
      });
      if (onOriginal) this.originalProgressLine = line;
      return;
    }
    if (this.acknowledged === "no") {
      await interaction.reply({ content: line, ...this.flags() });
      this.acknowledged = "replied";
      this.claimOriginal(key, line);
    } else if (this.originalProgressKey === undefined && this.acknowledged !== "updated") {
      await interaction.editReply({ content: this.withOriginalText(line) });
      this.originalFilled = true;
      this.claimOriginal(key, line);
    } else {
      const sent = await interaction.followUp({ content: line, ...this.flags() });
      this.progress.set(key, { via: "webhook", messageId: sent.id });
    }
  }

  private claimOriginal(key: string, line: string): void {
    this.originalProgressKey = key;
    this.originalProgressLine = line;
    this.progress.set(key, { via: "webhook", messageId: "@original" });
  }

  /** The reply's own text stays on top, so the answer is not lost when progress takes the message over. */
  private withOriginalText(line: string): string {
    if (!this.originalText) return line;
    return `${clip(this.originalText, LIMITS.content - line.length - 1)}\n${line}`;
  }

  /** Nothing to say, but Discord still wants an answer within 3 seconds. */
  private async acknowledgeSilently(): Promise<void> {
    const interaction = this.options.interaction;
    if (this.acknowledged !== "no") return;
    if (interaction.isButton()) {
      await interaction.deferUpdate();
      this.acknowledged = "updated"; // @original is now the tapped message, not ours to fill
    } else {
      await interaction.reply({ content: "✅", flags: MessageFlags.Ephemeral });
      this.acknowledged = "replied";
    }
  }

  private useChannel(): boolean {
    if (this.isPrivate()) return false;
    return this.tokenGone || this.options.now() - this.receivedAt >= TOKEN_SAFE_MS;
  }

  private flags(): { flags?: MessageFlags.Ephemeral } {
    return this.isPrivate() ? { flags: MessageFlags.Ephemeral } : {};
  }

  private isPrivate(): boolean {
    return this.options.ephemeral || this.privateAnswer;
  }

  private get chatId(): string {
    return this.options.interaction.channelId;
  }

  private logFailure(error: unknown): void {
    this.options.logger.error(
      { ...describeError(error), chatId: this.chatId, interactionId: this.options.interaction.id },
      "discord: could not deliver a reply",
    );
  }
}
