import type { TestProject } from "vitest/node";
import { chromiumPath } from "./chromium.ts";

declare module "vitest" {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

/** Unpacks Chromium once, before the test files run in parallel, and tells them where it is. */
export default async function setup(project: TestProject): Promise<void> {
  project.provide("chromiumPath", await chromiumPath());
}
