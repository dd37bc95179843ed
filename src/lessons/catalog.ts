import type { Lesson, Question } from "./lesson.ts";

/** The loaded lessons, looked up by step and question id. */
export class LessonCatalog {
  private readonly byStep = new Map<number, Lesson>();
  private readonly questions = new Map<string, Question>();

  constructor(readonly lessons: Lesson[]) {
    if (lessons.length === 0) throw new Error("no lessons loaded");
    for (const lesson of lessons) {
      this.byStep.set(lesson.step, lesson);
      for (const question of lesson.questions) this.questions.set(question.id, question);
    }
  }

  get steps(): number[] {
    return this.lessons.map((lesson) => lesson.step);
  }

  get first(): Lesson {
    return this.lessons[0] as Lesson;
  }

  step(step: number): Lesson | undefined {
    return this.byStep.get(step);
  }

  question(id: string): Question | undefined {
    return this.questions.get(id);
  }
}
