import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderReplies, type Outgoing, type OutgoingMessage } from "../../../src/bots/discord/render.ts";
import { chunkMarkdown, type Segment } from "../../../src/bots/discord/split.ts";
import { renderSection } from "../../../src/core/render/lesson.ts";
import { renderGrade } from "../../../src/core/render/question.ts";
import { choices, code, text, type Reply } from "../../../src/core/reply.ts";
import { loadLessons } from "../../../src/lessons/loader.ts";

const fences = (markdown: string): number => markdown.match(/```/g)?.length ?? 0;

/** Everything Discord checks about a message's size and shape. */
function expectWithinLimits(message: OutgoingMessage): void {
  expect((message.content ?? "").length).toBeLessThanOrEqual(2000);
  expect(fences(message.content ?? "") % 2).toBe(0);
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  expect(embeds.reduce((sum, embed) => sum + (embed.description?.length ?? 0), 0)).toBeLessThanOrEqual(6000);
  for (const embed of embeds) {
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect(fences(embed.description ?? "") % 2).toBe(0);
  }
  const rows = message.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(5);
  const ids = rows.flatMap((row) => row.components.map((button) => button.custom_id));
  expect(new Set(ids).size).toBe(ids.length);
  for (const row of rows) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const button of row.components) {
      expect(button.label?.length ?? 0).toBeLessThanOrEqual(80);
      expect(button.custom_id.length).toBeLessThanOrEqual(100);
    }
  }
  expect(message.content || embeds.length || rows.length || message.files?.length).toBeTruthy();
}

const messagesOf = (out: Outgoing[]): OutgoingMessage[] =>
  out.flatMap((item) => (item.kind === "message" ? [item.message] : []));

describe("replies → Discord messages", () => {
  it("fits every lesson snippet and every answer explanation within Discord's limits", () => {
    for (const lesson of loadLessons()) {
      for (const section of lesson.sections) {
        const out = renderReplies(renderSection(lesson, section, "ja"));
        for (const message of messagesOf(out)) expectWithinLimits(message);
        const last = messagesOf(out).at(-1);
        expect(last?.components?.length, `nav buttons of ${section.id}`).toBeGreaterThan(0);
      }
      for (const question of lesson.questions) {
        const graded = renderGrade({ question, choice: "A", correct: false, hasNext: true }, "en");
        for (const message of messagesOf(renderReplies(graded))) expectWithinLimits(message);
      }
    }
  });

  it("shows snippets with code as embeds holding code blocks, and plain prose as content", () => {
    const [withCode] = messagesOf(renderReplies([text("■ 実装"), code("model.add(Dropout(0.5))", "python")]));
    expect(withCode?.content).toBeUndefined();
    expect(withCode?.embeds?.[0]?.description).toBe("■ 実装\n```python\nmodel.add(Dropout(0.5))\n```");
    const [plain] = messagesOf(renderReplies([text("📝 メモ #1 を保存しました。")]));
    expect(plain).toEqual({ content: "📝 メモ #1 を保存しました。" });
  });

  it("splits a long code block into complete blocks, keeping every line", () => {
    const lines = Array.from({ length: 400 }, (_, index) => `x${index} = layer(${"w".repeat(index % 40)})`);
    const out = messagesOf(renderReplies([text("長いコード"), code(lines.join("\n"), "python")]));
    const descriptions = out
      .flatMap((message) => message.embeds ?? [])
      .map((embed) => embed.description ?? "");
    expect(descriptions.length).toBeGreaterThan(2);
    for (const message of out) expectWithinLimits(message);
    const inside = descriptions.join("\n").replace(/```python\n|\n```/g, "\n");
    for (const line of lines) expect(inside).toContain(`${line}\n`);
  });

  it("puts choices on the message they follow, five buttons to a row and at most five rows a message", () => {
    const many = Array.from({ length: 30 }, (_, index) => ({
      label: `Q${index + 1}`,
      action: `/quiz 14 ${index + 1}`,
    }));
    const out = messagesOf(renderReplies([text("🎉 全問正解!"), choices("", many)]));
    expect(out[0]?.content).toBe("🎉 全問正解!");
    expect(out[0]?.components).toHaveLength(5);
    expect(out[0]?.components?.[0]?.components).toHaveLength(5);
    expect(out[1]?.components).toHaveLength(1);
    for (const message of out) expectWithinLimits(message);
  });

  it("drops repeated or overlong actions and cuts long labels", () => {
    const out = messagesOf(
      renderReplies([
        choices("pick", [
          { label: "A", action: "/answer A 1" },
          { label: "A again", action: "/answer A 1" },
          { label: "x".repeat(120), action: "/lesson 14 next" },
          { label: "too long", action: `/memo add ${"y".repeat(100)}` },
        ]),
      ]),
    );
    const buttons = out[0]?.components?.[0]?.components ?? [];
    expect(buttons.map((button) => button.custom_id)).toEqual(["/answer A 1", "/lesson 14 next"]);
    expect(buttons[1]?.label).toHaveLength(80);
  });

  it("sends images as attachments with their alt text, and progress as an editable line", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const replies: Reply[] = [
      { kind: "progress", key: "job-1", text: "epoch 2/4", ratio: 0.5, done: false },
      text("結果"),
      { kind: "image", png, alt: "accuracy chart", filename: "train-1.png" },
    ];
    const [progress, result] = renderReplies(replies);
    expect(progress).toEqual({
      kind: "progress",
      key: "job-1",
      content: "`[████████░░░░░░░░]`  50% epoch 2/4",
      done: false,
    });
    expect(result).toMatchObject({ kind: "message", message: { content: "結果" } });
    const file = result?.kind === "message" ? result.message.files?.[0] : undefined;
    expect(file?.name).toBe("train-1.png");
    expect(file?.description).toBe("accuracy chart");
    expect([...(file?.attachment ?? [])]).toEqual([...png]);
  });
});

describe("markdown chunks", () => {
  /** Text with the characters that make splitting hard: line breaks, backticks, surrogate pairs. */
  const tricky = (units: string[], maxLength: number) =>
    // size "max": fast-check otherwise keeps arrays short, and long prose would never need splitting.
    fc
      .array(fc.constantFrom(...units), { minLength: 1, maxLength, size: "max" })
      .map((parts) => parts.join(""));
  const proseUnits = ["a", "b", " ", "\n", "\n\n", "`", "```", "あ", "😀", "word "];
  const segment: fc.Arbitrary<Segment> = fc.oneof(
    tricky(proseUnits, 700).map((value) => ({ kind: "text" as const, text: value })),
    fc
      .array(tricky(["x", " ", "`", "```", "😀", "= 1"], 150), { minLength: 1, maxLength: 40 })
      .map((lines) => ({ kind: "code" as const, language: "python", code: lines.join("\n") })),
  );

  it("never exceeds the limit and never ends inside a code block", () => {
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 8 }),
        fc.integer({ min: 200, max: 4096 }),
        (segments, limit) => {
          for (const chunk of chunkMarkdown(segments, limit)) {
            expect(chunk.length).toBeLessThanOrEqual(limit);
            expect(fences(chunk) % 2).toBe(0);
            // No lone half of a surrogate pair at either end.
            expect(/^[\udc00-\udfff]|[\ud800-\udbff]$/.test(chunk)).toBe(false);
          }
        },
      ),
    );
  });

  it("keeps every code line and all the prose", () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (segments) => {
        const joined = chunkMarkdown(segments, 500).join("\n");
        for (const item of segments) {
          const inert = (value: string) => value.replace(/`{3,}/g, (run) => [...run].join("\u200b"));
          if (item.kind === "code") {
            for (const line of inert(item.code).trimEnd().split("\n")) expect(joined).toContain(line);
          } else {
            const words = inert(item.text)
              .split(/\s+/)
              .filter((word) => word.length > 0 && word.length < 400);
            for (const word of words) expect(joined).toContain(word);
          }
        }
      }),
    );
  });
});
