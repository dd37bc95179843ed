/**
 * The neutral reply model. The core answers with a list of these; each adapter maps them to its platform
 * (Discord embeds/buttons/attachments, LINE messages/quick replies, terminal text).
 */

export interface TextReply {
  kind: "text";
  text: string;
  /** An explanation of a mistake (bad input, nothing to answer): adapters may show it to the sender alone. */
  error?: true;
}

/** Program code or a drawing that must keep its line breaks and alignment. */
export interface CodeReply {
  kind: "code";
  /** "python" for code, "text" for diagrams and program output. */
  language: string;
  code: string;
}

export interface Choice {
  /** What the user sees on the button. */
  label: string;
  /**
   * The command line the tap sends back, e.g. "/answer 12 B" — adapters deliver it as a message with
   * `isAction: true`. At most 100 characters (Discord custom_id limit).
   */
  action: string;
}

export interface ChoicesReply {
  kind: "choices";
  /** Text shown with the buttons (may be empty when the previous reply already asked the question). */
  prompt: string;
  choices: Choice[];
}

export interface ImageReply {
  kind: "image";
  png: Uint8Array;
  alt: string;
  /** A file name for platforms that upload attachments, e.g. "train-42.png". */
  filename: string;
}

/**
 * A message that is edited in place as long work advances. Replies with the same `key` in one conversation
 * replace each other where the platform can edit; elsewhere adapters may show only milestones.
 */
export interface ProgressReply {
  kind: "progress";
  key: string;
  text: string;
  /** 0..1 when known. */
  ratio?: number;
  done: boolean;
  /** How the work ended, once `done`: finished (the default), failed, or cancelled. */
  outcome?: "finished" | "failed" | "cancelled";
}

export type Reply = TextReply | CodeReply | ChoicesReply | ImageReply | ProgressReply;

export const text = (value: string): TextReply => ({ kind: "text", text: value });
export const code = (value: string, language = "text"): CodeReply => ({
  kind: "code",
  language,
  code: value,
});
export const choices = (prompt: string, list: Choice[]): ChoicesReply => ({
  kind: "choices",
  prompt,
  choices: list,
});
