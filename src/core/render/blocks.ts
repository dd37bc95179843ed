import type { Block } from "../../lessons/blocks.ts";
import { code, text, type Reply } from "../reply.ts";

/** Lesson blocks as replies: prose as text, code and drawings as code replies that keep their layout. */
export const blocksToReplies = (blocks: readonly Block[]): Reply[] =>
  blocks.map((block) => (block.kind === "text" ? text(block.text) : code(block.code, block.language)));
