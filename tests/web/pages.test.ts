import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { textOf } from "../helpers/core.ts";
import { launchChromium } from "./chromium.ts";
import { curves, startWebHarness, type WebHarness } from "./harness.ts";
import {
  collectProblems,
  DESKTOP,
  expectAccessible,
  PHONE,
  screenshot,
  settled,
  tabTo,
} from "./page-checks.ts";

const DAY = 24 * 60 * 60 * 1000;

/** What the chart script exposes for checks: chart.js's own chart object. */
interface ChartInPage {
  manabotChart: {
    data: { datasets: { label: string; borderDash: number[]; data: number[] }[] };
    tooltip: { getActiveElements(): unknown[] };
    options: { scales: { y: { min?: number; max?: number } } };
  };
}

// A browser on a shared two-core machine: generous limits, waits on events rather than sleeps.
describe("the study pages in Chromium", { timeout: 120_000 }, () => {
  let harness: WebHarness;
  let browser: Browser;
  const problems: string[] = [];
  const steps = () => harness.app.bot.services.lessons.step(14)?.questions ?? [];

  beforeAll(async () => {
    harness = await startWebHarness();
    browser = await launchChromium(inject("chromiumPath"));
    // Day 1: Q1 right, Q2 wrong, Q3 right, two memos. Day 2: Q4 right. Two training runs.
    const [q1, q2, q3, q4] = steps();
    if (!q1 || !q2 || !q3 || !q4) throw new Error("step 14 has fewer than four questions");
    await harness.say("/lesson 14");
    await harness.say("/lesson next");
    for (const [question, right] of [
      [q1, true],
      [q2, false],
      [q3, true],
    ] as const) {
      await harness.say(`/quiz 14 ${question.number}`);
      await harness.say(`/answer ${right ? question.answer : question.answer === "A" ? "B" : "A"}`);
    }
    await harness.say("/memo add ドロップアウトは訓練時だけ");
    await harness.say("/memo add 推論時はスケーリング <script>alert(1)</script>");
    harness.clock.advance(DAY);
    await harness.say(`/quiz 14 ${q4.number}`);
    await harness.say(`/answer ${q4.answer}`);
    harness.addRun("alice", { dropout: [0.3, 0.3, 0.3] }, [curves("dropout", 8, 0.86, 0.014)]);
    harness.addRun("alice", { dropout: [0.5, 0.5, 0.3], compare: true }, [
      curves("dropout", 8, 0.8, 0.02),
      curves("baseline", 8, 0.9, 0.011),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  /** A browser with its own cookies, signed in through a link the real /web command printed. */
  async function signIn(
    viewport = PHONE,
    from: Parameters<WebHarness["signInLink"]>[0] = {},
    colorScheme: "light" | "dark" = "light",
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, colorScheme, locale: "ja-JP" });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    problems.push(...collectProblems(page));
    const link = await harness.signInLink(from);
    await page.goto(link);
    await page.waitForURL(/\/web(\/g\/[^?#]+)?$/);
    await settled(page);
    return { context, page };
  }

  it("shows the learner's numbers as they answered, and is accessible in light and dark", async () => {
    const { context, page } = await signIn();
    const stat = (name: string) => page.locator(`[data-stat="${name}"]`).innerText();
    expect(await stat("answers")).toBe("4 回");
    expect(await stat("correct")).toBe("3 回");
    expect(await stat("accuracy")).toBe("75%");
    expect(await stat("streak")).toBe("2 日");
    expect(await stat("best-streak")).toBe("2 日");
    const step = page.locator('#steps tr[data-step="14"]');
    expect(await step.innerText()).toContain("75%");
    expect(await step.innerText()).toContain("3/4");
    const [q1, q2] = steps();
    expect(await page.locator(`#questions tr[data-question="${q1?.id}"]`).innerText()).toContain("正解");
    expect(await page.locator(`#questions tr[data-question="${q2?.id}"]`).innerText()).toContain("不正解");
    expect(await page.locator("#questions tbody tr").count()).toBe(4);
    expect(await page.locator('rect[data-date="2026-11-28"]').getAttribute("data-count")).toBe("3");
    expect(await page.locator('rect[data-date="2026-11-29"]').getAttribute("data-count")).toBe("1");
    // Q2 was answered wrong on the 28th: due the next day, which is today.
    expect(await page.locator('#reviews tr[data-date="2026-11-29"]').innerText()).toContain("1 問");
    expect(await page.getByText("STEP 14: ドロップアウト(Dropout)").first().isVisible()).toBe(true);
    expect(await page.getByText("スニペット 2 / 22").isVisible()).toBe(true);
    expect(await page.locator(".memo-body").allInnerTexts()).toEqual([
      "推論時はスケーリング <script>alert(1)</script>",
      "ドロップアウトは訓練時だけ",
    ]);
    await expectAccessible(page, "the learner's page (phone, light)");
    await screenshot(page, "learner-phone");
    await page.setViewportSize(DESKTOP);
    // The desktop picture shows two runs overlaid.
    await page.getByLabel("ジョブ #1 をグラフに表示").check();
    await screenshot(page, "learner-desktop");
    await context.close();

    const dark = await signIn(PHONE, {}, "dark");
    await expectAccessible(dark.page, "the learner's page (phone, dark)");
    await screenshot(dark.page, "learner-phone-dark");
    await dark.context.close();
    expect(problems).toEqual([]);
  });

  it("edits a memo with the keyboard alone, and /memo list in the chat shows the change", async () => {
    const { context, page } = await signIn();
    const memo = page.locator('[data-memo="1"]');
    await page.keyboard.press("Tab");
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { className: string } } }).document
            .activeElement.className,
      ),
    ).toBe("skip");
    await tabTo(page, '[data-memo="1"] summary');
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("ドロップアウトは訓練時だけ(推論時は全ユニット)");
    await page.keyboard.press("Tab");
    await Promise.all([page.waitForURL(/\/web#memos$/), page.keyboard.press("Enter")]);
    expect(await memo.locator(".memo-body").innerText()).toBe(
      "ドロップアウトは訓練時だけ(推論時は全ユニット)",
    );
    expect(textOf(await harness.say("/memo list"))).toContain(
      "ドロップアウトは訓練時だけ(推論時は全ユニット)",
    );

    await page.getByLabel("メモを検索").fill("スケーリング");
    await Promise.all([page.waitForURL(/q=/), page.getByRole("button", { name: "検索" }).click()]);
    expect(await page.locator(".memo").count()).toBe(1);
    await expectAccessible(page, "the memo search");
    await context.close();
    expect(problems).toEqual([]);
  });

  it("overlays two training runs on one chart, training solid and validation dashed, with values on hover", async () => {
    const { context, page } = await signIn(DESKTOP);
    await page.locator("#run-chart[data-shown]").waitFor({ state: "attached" });
    const chart = () =>
      page.evaluate(() => {
        const { manabotChart } = globalThis as unknown as ChartInPage;
        return {
          labels: manabotChart.data.datasets.map((dataset) => dataset.label),
          dashed: manabotChart.data.datasets.map((dataset) => dataset.borderDash.length > 0),
          points: manabotChart.data.datasets.map((dataset) => dataset.data.length),
          yMin: manabotChart.options.scales.y.min,
          yMax: manabotChart.options.scales.y.max,
          lowest: Math.min(...manabotChart.data.datasets.flatMap((dataset) => dataset.data)),
        };
      });
    expect(await page.locator("#run-chart").getAttribute("data-shown")).toBe("2");
    expect((await chart()).labels).toEqual([
      "#2 dropout 訓練",
      "#2 dropout 検証",
      "#2 baseline 訓練",
      "#2 baseline 検証",
    ]);
    await page.getByLabel("ジョブ #1 をグラフに表示").check();
    expect(await page.locator("#run-chart").getAttribute("data-shown")).toBe("2,1");
    const overlaid = await chart();
    expect(overlaid.labels).toHaveLength(6);
    expect(overlaid.labels.slice(4)).toEqual(["#1 訓練", "#1 検証"]);
    expect(overlaid.dashed).toEqual([false, true, false, true, false, true]);
    expect(overlaid.points).toEqual([8, 8, 8, 8, 8, 8]);
    expect(overlaid.yMax).toBe(1);
    // The accuracy axis starts a 0.05 step below the lowest value, not at 0, so the gaps stay visible.
    expect(overlaid.yMin).toBeGreaterThan(0);
    expect(overlaid.yMin).toBeLessThan(overlaid.lowest);
    expect(overlaid.lowest - (overlaid.yMin ?? 0)).toBeLessThanOrEqual(0.07 + 1e-9);
    expect(Math.round((overlaid.yMin ?? 0) * 20) / 20).toBeCloseTo(overlaid.yMin ?? 0, 9);

    const box = await page.locator("#run-chart").boundingBox();
    if (!box) throw new Error("the chart is not shown");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    await page.waitForFunction(
      () => (globalThis as unknown as ChartInPage).manabotChart.tooltip.getActiveElements().length > 0,
    );
    await page.selectOption("#metric", "loss");
    expect((await chart()).yMax).toBeUndefined();
    // No run chosen: an empty accuracy chart from 0 to 1, not an axis from Infinity.
    await page.selectOption("#metric", "acc");
    await page.getByLabel("ジョブ #1 をグラフに表示").uncheck();
    await page.getByLabel("ジョブ #2 をグラフに表示").uncheck();
    const empty = await chart();
    expect(empty.labels).toEqual([]);
    expect([empty.yMin, empty.yMax]).toEqual([0, 1]);
    await page.getByLabel("ジョブ #2 をグラフに表示").check();
    const row = page.locator('#run-table tr[data-run="2"]');
    expect(await row.innerText()).toContain("dropout=0.5,0.5,0.3 epochs=8");
    expect(await row.innerText()).toContain("compare=on");
    expect(await row.innerText()).toContain("wasm");
    expect(await row.innerText()).toContain("24.0 秒");
    await context.close();
    expect(problems).toEqual([]);
  });

  it("shows a group's quizzes, hardest questions and streaks to a member, who can hide their name", async () => {
    const { stores } = harness.app.bot.services;
    const now = harness.clock.now();
    const [q1, q2] = steps();
    if (!q1 || !q2) throw new Error("no questions");
    // A LINE group (the local chat has no groups): Alice and Bob as LINE users.
    const alice = stores.users.ensure("line", "alice", "Alice", now).id;
    const bob = stores.users.ensure("line", "bob", "Bob", now).id;
    const quiz = stores.groupQuizzes.create(
      { platform: "line", chatId: "study-group", startedBy: alice, step: 14, seconds: 30, speedBonus: true },
      now,
    );
    if (!quiz) throw new Error("no quiz");
    for (const [position, question] of [q1, q2].entries()) {
      const prompt = stores.quiz.createPrompt(
        { questionId: question.id, step: 14, platform: "line", chatId: "study-group", askedBy: alice },
        now,
      );
      stores.groupQuizzes.openRound({
        promptId: prompt.id,
        quizId: quiz.id,
        position: position + 1,
        openedAt: now,
        closesAt: now,
      });
      const wrong = question.answer === "A" ? "C" : "A";
      stores.quiz.recordAttempt(
        { userId: alice, prompt, choice: question.answer, correct: true, at: now },
        () => true,
      );
      stores.quiz.recordAttempt(
        {
          userId: bob,
          prompt,
          choice: position === 0 ? question.answer : wrong,
          correct: position === 0,
          at: now,
        },
        () => true,
      );
    }
    stores.groupQuizzes.end(quiz.id, "finished", now);

    // LINE cannot answer privately in a group: the link goes to Alice's 1:1 chat with the bot.
    const { context, page } = await signIn(PHONE, {
      platform: "line",
      chatId: "study-group",
      chatKind: "group",
    });
    expect(page.url()).toMatch(/\/web\/g\/line\/study-group$/);
    expect(await page.locator("h1").innerText()).toBe("LINE のグループ — グループのページ");
    const board = await page.locator(`[data-quiz="${quiz.id}"] tbody tr`).allInnerTexts();
    expect(board[0]).toMatch(/^1\s+Alice\s+\(あなた\)\s+4\s+2\/2$/);
    expect(board[1]).toMatch(/^2\s+Bob\s+2\s+1\/2$/);
    const hardest = page.locator("#group-questions tbody tr").first();
    expect(await hardest.getAttribute("data-question")).toBe(q2.id);
    expect(await hardest.innerText()).toContain("50%");
    expect(await hardest.innerText()).toContain(
      q2.answer === "A" ? `C. ${q2.choices.C}` : `A. ${q2.choices.A}`,
    );
    expect(await page.locator("#member-streaks").innerText()).toContain("Bob");
    await expectAccessible(page, "the group's page");
    await screenshot(page, "group-phone");
    await page.setViewportSize(DESKTOP);
    await screenshot(page, "group-desktop");

    await Promise.all([
      page.waitForURL(/study-group$/),
      page.getByRole("button", { name: "このページで自分の名前を隠す" }).click(),
    ]);
    expect(await page.locator(`[data-quiz="${quiz.id}"]`).innerText()).toContain(
      "非表示のメンバー\n(あなた)",
    );
    expect(await page.getByText("あなたの名前はこのページで隠されています。").isVisible()).toBe(true);
    await context.close();
    expect(problems).toEqual([]);
  });

  it("deletes all of the learner's data after asking, and the rows are gone", async () => {
    const { context, page } = await signIn(PHONE, { userId: "carol" });
    await harness.say("/memo add キャロルのメモ", { userId: "carol" });
    await harness.say("/quiz schedule 20:00", { userId: "carol", chatId: "carol-group", chatKind: "group" });
    harness.addRun("carol", {}, [curves("dropout", 2, 0.8, 0.05)]);
    await page.reload();
    await Promise.all([
      page.waitForURL(/account\/delete$/),
      page.getByRole("link", { name: "データをすべて削除…" }).click(),
    ]);
    await expectAccessible(page, "the deletion's confirmation");
    expect(await page.locator("main").innerText()).toContain("定期クイズも、あなたの名前を外して続きます");
    await page.getByRole("button", { name: "すべて削除する" }).click();
    // The confirmation box is required: nothing was sent.
    expect(page.url()).toMatch(/account\/delete$/);
    expect(harness.app.bot.services.stores.memos.search(userIdOf("carol"), "", 10).total).toBe(1);
    await page.getByLabel("元に戻せないことを理解しました").check();
    await page.getByRole("button", { name: "すべて削除する" }).click();
    await page.getByRole("heading", { name: "データを削除しました" }).waitFor();
    const db = harness.app.db;
    expect(db.prepare("SELECT COUNT(*) AS n FROM users WHERE platform_user_id = 'carol'").get()).toEqual({
      n: 0,
    });
    expect(db.prepare("SELECT COUNT(*) AS n FROM memos WHERE body = 'キャロルのメモ'").get()).toEqual({
      n: 0,
    });
    expect(db.prepare("SELECT COUNT(*) AS n FROM train_jobs WHERE owner_user_id = 'carol'").get()).toEqual({
      n: 0,
    });
    expect(db.prepare("SELECT set_by FROM group_quiz_schedules").all()).toEqual([{ set_by: null }]); // the group keeps it
    const after = await page.goto(`${harness.http.baseUrl}/web`);
    expect(after?.status()).toBe(401);
    await context.close();
    expect(problems).toEqual([]);
  });

  it("says a used link is no longer valid, accessibly", async () => {
    const context = await browser.newContext({ viewport: PHONE });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    const link = await harness.signInLink({ userId: "dave" });
    await page.goto(link);
    await page.waitForURL(/\/web$/);
    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    expect(await page.getByRole("heading").innerText()).toContain("このリンクは使えません");
    await expectAccessible(page, "the refused link's page");
    await context.close();
  });

  function userIdOf(platformUserId: string): number {
    const row = harness.app.db
      .prepare("SELECT id FROM users WHERE platform = 'local' AND platform_user_id = ?")
      .get(platformUserId) as { id: number } | undefined;
    if (!row) throw new Error(`no user ${platformUserId}`);
    return row.id;
  }
});
