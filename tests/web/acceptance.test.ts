import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "./chromium.ts";
import { LINK_PATTERN } from "./harness.ts";
import { PHONE, screenshot, settled } from "./page-checks.ts";

/** Waits until the process has printed text matching `pattern` on stdout, and returns the match. */
function waitForOutput(
  child: ChildProcessWithoutNullStreams,
  pattern: RegExp,
  seen: () => string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(seen());
      if (!match) return;
      child.stdout.off("data", check);
      child.off("exit", exited);
      resolve(match[0]);
    };
    const exited = (code: number | null) =>
      reject(new Error(`manabot exited (${code}) before printing ${pattern}`));
    child.stdout.on("data", check);
    child.once("exit", exited);
    check();
  });
}

describe(
  "acceptance: npm start, /quiz, /answer A, /memo add, /web, and the link in Chromium",
  { timeout: 180_000 },
  () => {
    let child: ChildProcessWithoutNullStreams | undefined;
    let browser: Browser | undefined;
    afterEach(async () => {
      await browser?.close();
      if (child && child.exitCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
    });

    it("shows the answer and the memo, refuses the link a second time, and gives no data without a session", async () => {
      const dir = mkdtempSync(join(tmpdir(), "manabot-acceptance-"));
      // `npm start` is `tsx src/main.ts`: the same entry point, with stdin piped and kept open meanwhile.
      child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        env: { ...process.env, MANABOT_DB: join(dir, "manabot.db"), PORT: "0", LOG_LEVEL: "warn" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
      child.stdin.write("/quiz\n/answer A\n/memo add ウェブのテスト\n/web\n");
      const link = await waitForOutput(child, LINK_PATTERN, () => stdout);
      expect(stdout).toContain("✅ 正解!");
      expect(link).toMatch(/^http:\/\/localhost:\d+\/web\/signin\//);

      browser = await launchChromium(inject("chromiumPath"));
      const context = await browser.newContext({ viewport: PHONE, locale: "ja-JP" });
      context.setDefaultTimeout(60_000);
      const page = await context.newPage();
      await page.goto(link);
      await page.waitForURL(/\/web$/);
      await settled(page);
      expect(await page.locator('[data-stat="answers"]').innerText()).toBe("1 回");
      expect(await page.locator('[data-stat="accuracy"]').innerText()).toBe("100%");
      expect(await page.locator("#questions tbody tr").first().innerText()).toContain("正解");
      expect(await page.locator(".memo-body").allInnerTexts()).toEqual(["ウェブのテスト"]);
      await screenshot(page, "acceptance-phone");

      const stranger = await browser.newContext({ viewport: PHONE });
      stranger.setDefaultTimeout(60_000);
      const second = await stranger.newPage();
      const refused = await second.goto(link);
      expect(refused?.status()).toBe(410);
      expect(await second.locator("h1").innerText()).toContain("このリンクは使えません");

      const origin = new URL(link).origin;
      const anonymous = await fetch(`${origin}/web`);
      expect(anonymous.status).toBe(401);
      const body = await anonymous.text();
      expect(body).not.toContain("ウェブのテスト");
      const api = await fetch(`${origin}/web/api/runs`);
      expect(api.status).toBe(401);

      child.stdin.end();
      const [code] = (await once(child, "exit")) as [number | null];
      expect(code, stderr).toBe(0);
    });
  },
);
