import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const require = createRequire(import.meta.url);

/** The little of the browser's globals these checks use (the tests compile without the DOM library). */
export interface InPage {
  document: {
    fonts: { ready: Promise<unknown> };
    activeElement: { matches(selector: string): boolean } | null;
  };
  axe: { run(context: unknown, options: unknown): Promise<unknown> };
}
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Where the tests save their screenshots (git-ignored; `npm run docs:screenshots` copies them to docs/). */
export const SCREENSHOT_DIR = fileURLToPath(new URL("../../out/screenshots/", import.meta.url));

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/**
 * axe-core's WCAG 2.1 A/AA rules and best practices on the page as it is now: labels, names, contrast,
 * headings, landmarks. Injected through the debugging protocol, which the page's CSP does not govern.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as InPage;
    const result = (await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    })) as { violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] };
    return result.violations.map((violation) => ({
      rule: violation.id,
      help: violation.help,
      where: violation.nodes.slice(0, 3).map((node) => JSON.stringify(node.target)),
    }));
  });
  expect(violations, `accessibility of ${what}`).toEqual([]);
}

/** Waits for our fonts (the Japanese one is ours), so text is measured and drawn as users see it. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  await page.evaluate(async () => {
    await (globalThis as unknown as InPage).document.fonts.ready;
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await settled(page);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Presses Tab until `selector` has the focus (at most `limit` times); fails when it never gets it. */
export async function tabTo(page: Page, selector: string, limit = 200): Promise<void> {
  for (let press = 0; press < limit; press++) {
    const focused = await page.evaluate(
      (wanted) => (globalThis as unknown as InPage).document.activeElement?.matches(wanted) ?? false,
      selector,
    );
    if (focused) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Every script error, console error and CSP violation the page reports. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  return problems;
}
