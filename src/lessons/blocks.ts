/** A lesson body split into what is sent as prose and what must keep its layout. */
export type Block = { kind: "text"; text: string } | { kind: "code"; language: string; code: string };

const FENCE = /^```(\w*)\s*$/;

/** Splits a body into prose and fenced blocks (```python for code, ```text for diagrams and output). */
export function parseBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  let prose: string[] = [];
  let fence: { language: string; lines: string[] } | null = null;
  const flushProse = () => {
    const value = prose.join("\n").trim();
    if (value) blocks.push({ kind: "text", text: value });
    prose = [];
  };
  for (const line of body.split("\n")) {
    const match = FENCE.exec(line.trimEnd());
    if (fence) {
      if (match && match[1] === "") {
        blocks.push({ kind: "code", language: fence.language, code: fence.lines.join("\n") });
        fence = null;
      } else fence.lines.push(line);
    } else if (match) {
      flushProse();
      fence = { language: match[1] || "text", lines: [] };
    } else prose.push(line);
  }
  if (fence) throw new Error(`unclosed \`\`\`${fence.language} block`);
  flushProse();
  return blocks;
}
