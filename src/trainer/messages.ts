import type { Locale } from "../core/conversation.ts";
import { UserError } from "../core/errors.ts";
import { count, pick } from "../core/i18n.ts";
import { displayWidth, padColumns } from "../core/text/graphemes.ts";
import { formatDropout } from "./chart.ts";
import { JAPANESE_KEYS } from "./param-words.ts";
import { BOUNDS, DEFAULTS, LESSON_PROTOCOL_ARGS, OPTIMIZERS, TRAIN_KEYS } from "./params.ts";
import type { JobRecord } from "./queue/job-record.ts";
import type { JobEvent } from "./queue/port.ts";
import { paramsSummary } from "./result-text.ts";
import type { RunHistory, TrainProgress } from "./types.ts";

export { OVERFITTING_GAP, paramsSummary, resultText } from "./result-text.ts";

/** Which of compare=on's two runs: "ドロップアウトあり" / "without dropout". */
function runKindLabel(kind: RunHistory["kind"], locale: Locale): string {
  return kind === "baseline"
    ? pick(locale, { ja: "ドロップアウトなし", en: "without dropout" })
    : pick(locale, { ja: "ドロップアウトあり", en: "with dropout" });
}

export function progressText(job: number | undefined, progress: TrainProgress, locale: Locale): string {
  const m = progress.metrics;
  const run =
    progress.runs > 1 ? `[${progress.run}/${progress.runs} ${runKindLabel(progress.kind, locale)}] ` : "";
  const eta = Math.max(0, Math.round(progress.etaSeconds));
  return (
    (job === undefined ? run : `#${job} ${run}`) +
    pick(locale, {
      ja: `エポック ${progress.epoch}/${progress.epochs}`,
      en: `epoch ${progress.epoch}/${progress.epochs}`,
    }) +
    ` — loss ${m.loss.toFixed(3)} acc ${m.acc.toFixed(3)} val_loss ${m.valLoss.toFixed(3)} val_acc ${m.valAcc.toFixed(3)}` +
    (progress.ratio < 1 ? pick(locale, { ja: ` — 残り約 ${eta} 秒`, en: ` — about ${eta} s left` }) : "")
  );
}

/** `workers`: the worker processes online (Redis mode); with none, the job waits for one and says so. */
export function queuedText(job: number, position: number, locale: Locale, workers?: number): string {
  if (position === 0)
    return pick(locale, { ja: `#${job} 学習を開始します…`, en: `#${job} starting to train…` });
  const queued = pick(locale, {
    ja: `#${job} 待機中: ${position} 番目`,
    en: `#${job} queued: position ${position}`,
  });
  return workers === 0 ? `${queued}${noWorkerText(locale)}` : queued;
}

const noWorkerText = (locale: Locale): string =>
  pick(locale, {
    ja: "(学習ワーカーが1台も動いていません。起動すると始まります)",
    en: " (no training worker is online; it starts once one is)",
  });

/** A job whose worker stopped or was lost waits in the queue again; it trains from the start. */
export const requeuedText = (job: number, why: "handed-back" | "worker-lost", locale: Locale): string =>
  why === "handed-back"
    ? pick(locale, {
        ja: `#${job} 学習ワーカーが停止したため、キューに戻しました。別のワーカーで最初から学習します。`,
        en: `#${job} its training worker stopped, so it is back in the queue; another worker trains it from the start.`,
      })
    : pick(locale, {
        ja: `#${job} 学習ワーカーとの接続が切れたため、キューに戻しました。別のワーカーで最初から学習します。`,
        en: `#${job} its training worker was lost, so it is back in the queue; another worker trains it from the start.`,
      });

/** The last lines of /train status: the whole queue, and in Redis mode the workers online. */
export function queueSummary(total: number, locale: Locale, workers?: string[], available = true): string {
  const lines = [pick(locale, { ja: `キュー全体: ${total} 件`, en: `Whole queue: ${count(total, "job")}` })];
  if (!available) {
    lines.push(
      pick(locale, {
        ja: "学習サーバーに接続できません(学習は一時的に利用できません)。",
        en: "The training servers cannot be reached (training is temporarily unavailable).",
      }),
    );
  } else if (workers !== undefined) {
    const hosts = [...new Set(workers)].join(", ");
    lines.push(
      workers.length === 0
        ? pick(locale, { ja: "学習ワーカー: 0 台(動いていません)", en: "Training workers online: 0" })
        : pick(locale, {
            ja: `学習ワーカー: ${workers.length} 台(${hosts})`,
            en: `Training workers online: ${workers.length} (${hosts})`,
          }),
    );
  }
  return lines.join("\n");
}

/** Said before the result of a job that finished while the bot was restarting (pushed, not a reply). */
export const resumedResultText = (job: number, locale: Locale): string =>
  pick(locale, {
    ja: `ボットの再起動のあいだに、学習ジョブ #${job} が終わりました。`,
    en: `Training job #${job} finished while the bot was restarting.`,
  });

/** `position`: as TrainQueue.position(); undefined for a job another bot process holds. */
export function statusLine(job: JobRecord, position: number | undefined, locale: Locale): string {
  const last = job.history.at(-1);
  const epoch = last?.epochs.at(-1);
  const runs = job.params.compare ? 2 : 1;
  const run = last && runs > 1 ? ` [${job.history.length}/${runs} ${runKindLabel(last.kind, locale)}]` : "";
  const state =
    job.status === "running"
      ? pick(locale, { ja: "学習中", en: "training" }) +
        run +
        (epoch
          ? ` (${pick(locale, { ja: "エポック", en: "epoch" })} ${epoch.epoch}/${job.params.epochs})`
          : "") +
        (job.workerHost ? ` @ ${job.workerHost}` : "")
      : position === undefined
        ? pick(locale, { ja: "待機中(別のプロセス)", en: "queued (in another bot process)" })
        : pick(locale, { ja: `待機中 ${position} 番目`, en: `queued, position ${position}` });
  return `#${job.id} ${state}: ${paramsSummary(job.params)}`;
}

/** The job's progress line once it has started: its number, the backend, and the worker host when a worker process trains it. */
export function startedText(job: number, backend: string, locale: Locale, host?: string): string {
  const where = host === undefined ? backend : `${backend} @ ${host}`;
  return pick(locale, { ja: `#${job} 学習中…(${where})`, en: `#${job} training… (${where})` });
}

/** The job's progress line at its end. The mark (✅ ❌ ⏹️) comes with the progress reply's outcome. */
export function endedText(job: number, outcome: "finished" | "failed" | "cancelled", locale: Locale): string {
  switch (outcome) {
    case "finished":
      return pick(locale, { ja: `#${job} 完了`, en: `#${job} done` });
    case "failed":
      return pick(locale, { ja: `#${job} 失敗しました`, en: `#${job} failed` });
    case "cancelled":
      return pick(locale, { ja: `#${job} 取り消しました`, en: `#${job} cancelled` });
  }
}

/**
 * The answer to `/train cancel`, given the jobs as they were: a queued job is gone at once (its own line
 * has said so already), a running one stops after its current batch, and its line says so when it has.
 */
export function cancelText(jobs: readonly JobRecord[], locale: Locale, jobId?: number): string {
  if (jobs.length === 0 && jobId !== undefined)
    return pick(locale, {
      ja: `ジョブ #${jobId} は、あなたの待機中・学習中のジョブにありません。/train status で番号を確認できます。`,
      en: `Job #${jobId} is not one of your queued or running jobs. /train status shows their numbers.`,
    });
  if (jobs.length === 0)
    return pick(locale, { ja: "取り消すジョブはありません。", en: "You have no job to cancel." });
  const ids = (status: JobRecord["status"]) =>
    jobs.filter((job) => job.status === status).map((job) => `#${job.id}`);
  const queued = ids("queued");
  const running = ids("running");
  const parts: string[] = [];
  if (queued.length > 0) {
    parts.push(
      pick(locale, {
        ja: `待機中の ${queued.join("、")} を取り消しました。`,
        en: `Cancelled queued ${queued.join(", ")}.`,
      }),
    );
  }
  if (running.length > 0) {
    parts.push(
      pick(locale, {
        ja: `学習中の ${running.join("、")} は、いまのバッチが終わりしだい止まります。`,
        en: `${running.join(", ")}, training now, stops after its current batch.`,
      }),
    );
  }
  return `⏹️ ${parts.join(pick(locale, { ja: "", en: " " }))}`;
}

/**
 * Why a job ended without a result, for its owner: what happened and what to do about it. Never the
 * error's own text (it may name files on the server): the queue has logged that with the job's id.
 */
export function failureText(
  event: Extract<JobEvent, { type: "failed" }>,
  locale: Locale,
  timeoutMs: number,
): string {
  const id = event.job.id;
  const limit = Math.round(timeoutMs / 60_000);
  switch (event.failure) {
    case "too-slow": {
      const minutes = Math.ceil((event.projectedSeconds ?? 0) / 60);
      return pick(locale, {
        ja: `学習ジョブ #${id} を中止しました: この設定では約 ${minutes} 分かかり、制限時間(${limit} 分)を超えます。samples や epochs を減らすか、batch を大きくしてください。`,
        en: `Training job #${id} was stopped: these settings would take about ${minutes} min, over the ${limit} min limit. Use fewer samples or epochs, or a larger batch.`,
      });
    }
    case "timeout":
      return pick(locale, {
        ja: `学習ジョブ #${id} は制限時間(${limit} 分)を超えたため中止しました。samples や epochs を減らしてください。`,
        en: `Training job #${id} hit the ${limit} min time limit and was stopped. Use fewer samples or epochs.`,
      });
    case "shutdown":
      return pick(locale, {
        ja: `ボットが停止するため、学習ジョブ #${id} は中止されました。再起動後にもう一度 /train で実行してください。`,
        en: `Training job #${id} was stopped because the bot is shutting down. Please run /train again once it is back.`,
      });
    case "crashed":
      return pick(locale, {
        ja: `学習ジョブ #${id} は、学習スレッドが途中で止まったため失敗しました。もう一度 /train で実行してください。`,
        en: `Training job #${id} failed: the training thread stopped unexpectedly. Please run /train again.`,
      });
    case "cancelled":
    case "error":
      return pick(locale, {
        ja: `学習ジョブ #${id} は、ボット側の問題で失敗しました(ごめんなさい)。少し時間をおいて、もう一度 /train で実行してください。`,
        en: `Training job #${id} failed because of a problem on my side (sorry). Please try /train again in a little while.`,
      });
  }
}

export const trainLimitError = (max: number): UserError =>
  new UserError("train.limit", {
    ja: `学習ジョブは1人 ${max} 件までです。/train status で確認、/train cancel で取り消せます。`,
    en: `You can have at most ${max} training jobs. See /train status, or /train cancel.`,
  });

/** Redis (the queue of the worker processes) cannot be reached: quizzes, lessons and memos still work. */
export const trainUnavailableError = (): UserError =>
  new UserError("train.unavailable", {
    ja: "学習は一時的に利用できません(学習サーバーに接続できません)。しばらくしてからもう一度 /train を送ってください。クイズ・レッスン・メモはそのまま使えます。",
    en: "Training is temporarily unavailable (the training servers cannot be reached). Please send /train again in a while. Quizzes, lessons and memos still work.",
  });

/** Keys, defaults and bounds; generated from the parser's own tables so it cannot drift. */
export function helpText(locale: Locale): string {
  const d = DEFAULTS;
  // One range mark per language: 〜 in Japanese, – in English.
  const range = (min: number | string, max: number | string) =>
    `${min}${pick(locale, { ja: "〜", en: "–" })}${max}`;
  const rows: [string, string, string][] = [
    [
      "dropout",
      formatDropout(d.dropout),
      pick(locale, { ja: "0〜0.9、または層ごとに 0.5,0.4,0.3", en: "0–0.9, or per layer 0.5,0.4,0.3" }),
    ],
    ["epochs", String(d.epochs), range(BOUNDS.epochs.min, BOUNDS.epochs.max)],
    ["batch", String(d.batch), range(BOUNDS.batch.min, BOUNDS.batch.max)],
    ["samples", String(d.samples), range(BOUNDS.samples.min, BOUNDS.samples.max)],
    ["optimizer", d.optimizer, OPTIMIZERS.join(" | ")],
    ["lr", String(d.lr), range(BOUNDS.lr.min.toFixed(5), BOUNDS.lr.max)],
    ["batchnorm", "off", "on: Dense → BatchNorm → ReLU → Dropout"],
    [
      "compare",
      "off",
      pick(locale, {
        ja: "on: ドロップアウトなしも学習して比較",
        en: "on: also train without dropout and compare",
      }),
    ],
    [
      "seed",
      pick(locale, { ja: "なし", en: "none" }),
      pick(locale, {
        ja: `${range(0, BOUNDS.seed.max)}(同じ設定なら結果を再利用)`,
        en: `${range(0, BOUNDS.seed.max)} (identical runs reuse the result)`,
      }),
    ],
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  const valueWidth = Math.max(...rows.map(([, value]) => displayWidth(value)));
  const header = pick(locale, {
    ja: "/train key=value … — レッスンの MNIST モデル(512-256-128 + Dropout)を学習し、精度グラフを返します。",
    en: "/train key=value … — trains the lesson's MNIST model (512-256-128 + Dropout) and answers with a chart.",
  });
  const table = rows.map(
    ([key, value, allowed]) =>
      `  ${key.padEnd(width)}  ${pick(locale, { ja: "既定", en: "default" })} ${padColumns(value, valueWidth)}  ${allowed}`,
  );
  return [
    header,
    ...table,
    "",
    pick(locale, {
      ja: `レッスンの実験そのもの(20 エポック・全データ・比較、数分かかります):\n  /train ${LESSON_PROTOCOL_ARGS}`,
      en: `The lesson's full experiment (20 epochs, all data, compared; takes minutes):\n  /train ${LESSON_PROTOCOL_ARGS}`,
    }),
    pick(locale, {
      ja: `設定名は日本語でも書けます: ${TRAIN_KEYS.map((key) => JAPANESE_KEYS[key][0]).join("・")}(例: トレーニング ドロップアウト0.5 エポック 20 比較)`,
      en: `Japanese setting names work too: ${TRAIN_KEYS.map((key) => `${JAPANESE_KEYS[key][0]} (${key})`).join(", ")}`,
    }),
    pick(locale, {
      ja: "/train status(トレーニング 状況)— 自分のジョブ ・ /train cancel [番号](トレーニング キャンセル 3)— 取り消し",
      en: "/train status — your jobs · /train cancel [N] — cancel them (or job N)",
    }),
  ].join("\n");
}
