import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { LESSONS_DIR, LessonFileError, loadLessons } from "../../src/lessons/loader.ts";

const step14 = () => {
  const lesson = loadLessons().find((candidate) => candidate.step === 14);
  if (!lesson) throw new Error("STEP 14 did not load");
  return lesson;
};

const codeBlocks = () =>
  step14().sections.flatMap((section) =>
    section.blocks.flatMap((block) => (block.kind === "code" ? [{ section: section.id, ...block }] : [])),
  );

describe("STEP 14 lesson", () => {
  it("loads with its title, every numbered section and the closing parts", () => {
    const lesson = step14();
    expect(lesson.title).toBe("ドロップアウト(Dropout)");
    const ids = lesson.sections.map((section) => section.id);
    for (const chapter of [1, 2, 3, 4, 5, 6]) {
      for (const part of [1, 2, 3]) expect(ids).toContain(`${chapter}-${part}`);
    }
    expect(ids).toEqual(expect.arrayContaining(["intro", "summary", "key-code", "next-step"]));
    expect(lesson.sections.find((section) => section.id === "key-code")?.title).toContain(
      "覚えておくべきコード",
    );
  });

  it("has the four practice questions with answers A, D, B, B and their explanations", () => {
    const questions = step14().questions;
    expect(questions.map((question) => question.answer)).toEqual(["A", "D", "B", "B"]);
    expect(questions.map((question) => question.difficulty)).toEqual([
      "やさしい",
      "やさしい",
      "ふつう",
      "むずかしい",
    ]);
    expect(questions[0]?.choices.A).toBe("訓練時のみ");
    for (const question of questions) expect(question.explanation.length).toBeGreaterThan(0);
  });

  it("keeps the experiment's result block and the dropout-rate table", () => {
    const all = codeBlocks()
      .map((block) => block.code)
      .join("\n");
    expect(all).toContain("訓練精度: 0.9998");
    expect(all).toContain("検証精度: 0.9801");
    for (const row of ["入力層の直後", "隠れ層(全結合層)", "CNN(畳み込み層後)", "RNN/LSTM", "出力層"]) {
      expect(all).toContain(row);
    }
  });

  it("restores the code blocks as multi-line Python with straight quotes that python3 parses", () => {
    const python = codeBlocks().filter((block) => block.language === "python");
    expect(python.length).toBeGreaterThanOrEqual(5);
    for (const block of python) {
      expect(block.code, block.section).not.toMatch(/[‘’“”]/);
      expect(block.code.split("\n").length, block.section).toBeGreaterThan(2);
      const result = spawnSync("python3", ["-c", "import ast, sys; ast.parse(sys.stdin.read())"], {
        input: block.code,
        encoding: "utf8",
      });
      expect(result.status, `${block.section}: ${result.stderr}`).toBe(0);
    }
  });

  it("restores the diagrams as multi-line drawings", () => {
    const diagrams = codeBlocks().filter((block) => block.language === "text");
    const lossChart = diagrams.find((block) => block.section === "1-2");
    expect(lossChart?.code.split("\n").length).toBeGreaterThan(10);
    expect(lossChart?.code).toMatch(/^\s*└─+→ エポック/m);
    const network = diagrams.find((block) => block.section === "2-2");
    expect(network?.code.match(/○──────────○──────────○/g)?.length).toBeGreaterThanOrEqual(4);
  });
});

describe("lesson validation", () => {
  const original = readFileSync(join(LESSONS_DIR, "14-dropout.yaml"), "utf8");

  /** Writes a copy of STEP 14 changed by `edit` into a fresh folder and loads that folder. */
  const loadEdited = (
    edit: (data: Record<string, unknown> & { questions: Record<string, unknown>[] }) => void,
  ) => {
    const dir = mkdtempSync(join(tmpdir(), "lessons-"));
    const data = parse(original);
    edit(data);
    writeFileSync(join(dir, "14-dropout.yaml"), stringify(data));
    return () => loadLessons(dir);
  };

  const expectFileError = (load: () => unknown, field: string, detail: RegExp) => {
    try {
      load();
    } catch (error) {
      expect(error).toBeInstanceOf(LessonFileError);
      const fileError = error as LessonFileError;
      expect(fileError.file).toBe("14-dropout.yaml");
      expect(fileError.field).toBe(field);
      expect(fileError.message).toMatch(detail);
      return;
    }
    throw new Error("expected a LessonFileError");
  };

  it("names the file and field of a missing answer", () => {
    const load = loadEdited((data) => {
      delete data.questions[1]?.answer;
    });
    expectFileError(load, "questions[1].answer", /expected string/i);
  });

  it("rejects an answer that is not among the choices", () => {
    const load = loadEdited((data) => {
      (data.questions[2] as { answer: string }).answer = "E";
    });
    expectFileError(load, "questions[2].answer", /"E" is not among the choices/);
  });

  it("rejects a duplicate question id", () => {
    const load = loadEdited((data) => {
      (data.questions[3] as { id: string }).id = "14-1";
    });
    expectFileError(load, "questions[3].id", /duplicate question id "14-1"/);
  });

  it("rejects a section id that /lesson would read as navigation, or one too long for it", () => {
    const named = (id: string) =>
      loadEdited((data) => {
        (data.sections as { id: string }[])[3] = { ...(data.sections as { id: string }[])[3], id } as {
          id: string;
        };
      });
    for (const word of ["next", "first", "start"])
      expectFileError(named(word), "sections[3].id", /navigation words/);
    expectFileError(named("a".repeat(21)), "sections[3].id", /at most 20 characters/);
  });

  it("rejects a link to an unknown section", () => {
    const load = loadEdited((data) => {
      (data.questions[0] as { section: string }).section = "9-9";
    });
    expectFileError(load, "questions[0].section", /unknown section "9-9"/);
  });

  it("rejects an unclosed code fence with the field that holds it", () => {
    const load = loadEdited((data) => {
      const sections = data.sections as { body: string }[];
      (sections[0] as { body: string }).body += "\n```python\nprint(1)\n";
    });
    expectFileError(load, "sections[0].body", /unclosed/);
  });

  it("rejects a file that is not YAML", () => {
    const dir = mkdtempSync(join(tmpdir(), "lessons-"));
    writeFileSync(join(dir, "14-dropout.yaml"), "step: [1,\n");
    expectFileError(() => loadLessons(dir), "(file)", /not valid YAML/);
  });
});
