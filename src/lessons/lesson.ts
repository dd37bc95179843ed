import type { Block } from "./blocks.ts";
import type { ChoiceKey, Difficulty } from "./schema.ts";

export interface Section {
  id: string;
  index: number;
  chapter?: string;
  title: string;
  blocks: Block[];
}

export interface Question {
  id: string;
  step: number;
  /** 1-based position in the step. */
  number: number;
  difficulty: Difficulty;
  title: string;
  prompt: string;
  choices: Record<ChoiceKey, string>;
  answer: ChoiceKey;
  explanationTitle: string;
  explanation: Block[];
  section: Section;
}

export interface Lesson {
  step: number;
  course: string;
  title: string;
  tagline: string;
  file: string;
  sections: Section[];
  questions: Question[];
}
