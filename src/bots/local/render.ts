import type { Choice, Reply } from "../../core/reply.ts";

const RULE = "─".repeat(40);

export interface Rendered {
  text: string;
  /** The choices shown, numbered from 1, if the reply had any. */
  choices?: Choice[];
}

/**
 * A reply as terminal text. Images and progress are handled by the chat itself (files, redraws). Code
 * right after code shares the rule between them, rather than drawing two in a row.
 */
export function renderReply(
  reply: Exclude<Reply, { kind: "image" } | { kind: "progress" }>,
  previous?: Reply["kind"],
): Rendered {
  switch (reply.kind) {
    case "text":
      return { text: reply.text };
    case "code":
      return { text: previous === "code" ? `${reply.code}\n${RULE}` : `${RULE}\n${reply.code}\n${RULE}` };
    case "choices": {
      const buttons = reply.choices.map((choice, index) => `[${index + 1}] ${choice.label}`).join("  ");
      return { text: [reply.prompt, buttons].filter(Boolean).join("\n"), choices: reply.choices };
    }
  }
}
