import type { Locale } from "../core/conversation.ts";
import { pick } from "../core/i18n.ts";
import { displayWidth, padColumns } from "../core/text/graphemes.ts";
import { formatDropout } from "./chart.ts";
import { BOUNDS, DEFAULTS, LESSON_PROTOCOL_ARGS, OPTIMIZERS, type TrainParams } from "./params.ts";
import type { JobRecord } from "./queue/job-store.ts";
import type { JobEvent } from "./queue/queue.ts";
import type { RunHistory, TrainProgress, TrainResult } from "./types.ts";

/** A final gap (train − validation accuracy) at least this large reads as a sign of overfitting. */
export const OVERFITTING_GAP = 0.015;

const f4 = (value: number): string => value.toFixed(4);

function runLabel(run: Pick<RunHistory, "kind" | "dropout">, locale: Locale): string {
  if (run.kind === "baseline" || run.dropout.every((rate) => rate === 0)) {
    return pick(locale, { ja: "ドロップアウトなし", en: "Without dropout" });
  }
  return pick(locale, { ja: "ドロップアウト", en: "Dropout" }) + ` ${formatDropout(run.dropout)}`;
}

/** Which of compare=on's two runs: "ドロップアウトあり" / "without dropout". */
function runKindLabel(kind: RunHistory["kind"], locale: Locale): string {
  return kind === "baseline"
    ? pick(locale, { ja: "ドロップアウトなし", en: "without dropout" })
    : pick(locale, { ja: "ドロップアウトあり", en: "with dropout" });
}

export function paramsSummary(params: TrainParams): string {
  const parts = [
    `dropout=${formatDropout(params.dropout)}`,
    `epochs=${params.epochs}`,
    `batch=${params.batch}`,
    `samples=${params.samples}`,
  ];
  if (params.optimizer !== DEFAULTS.optimizer || params.lr !== DEFAULTS.lr)
    parts.push(`optimizer=${params.optimizer} lr=${params.lr}`);
  if (params.batchnorm) parts.push("batchnorm=on");
  if (params.compare) parts.push("compare=on");
  if (params.seed !== null) parts.push(`seed=${params.seed}`);
  return parts.join(" ");
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

/** Below this validation accuracy a small gap means "not learned yet", as the lesson's question 3 reads it. */
const UNDERFITTING_ACCURACY = 0.9;
/** Ten digits: guessing scores 0.1; below this the model has learned next to nothing. */
const CHANCE_ACCURACY = 0.2;

function reading(run: RunHistory, locale: Locale): string {
  const first = run.epochs[0];
  const last = run.epochs.at(-1);
  if (first === undefined || last === undefined) return "-";
  const gap = last.acc - last.valAcc;
  // After a single epoch there is no trend to read: low accuracy is read below as not learned yet.
  if (!Number.isFinite(last.loss) || (last.valAcc < CHANCE_ACCURACY && run.epochs.length >= 2)) {
    // A loss that grew (or overflowed) is a learning rate too large; one that barely fell, too small.
    const diverged = !Number.isFinite(last.loss) || last.loss >= first.loss;
    return diverged
      ? pick(locale, {
          ja: "偶然と同じ程度の精度で、学習が発散しています(lr を下げてみましょう。既定は 0.001)",
          en: "about chance accuracy: training diverged (try a lower lr; the default is 0.001)",
        })
      : pick(locale, {
          ja: "偶然と同じ程度の精度で、学習がほとんど進んでいません(lr を上げるか epochs を増やしましょう)",
          en: "about chance accuracy: training barely moved (try a higher lr or more epochs)",
        });
  }
  if (gap >= OVERFITTING_GAP) {
    return pick(locale, { ja: "差が大きい(過学習の兆候)", en: "large gap (a sign of overfitting)" });
  }
  if (last.valAcc < UNDERFITTING_ACCURACY) {
    return gap > -OVERFITTING_GAP
      ? pick(locale, {
          ja: "差は小さいが精度が低い(未学習の可能性: epochs や samples を増やす)",
          en: "small gap but low accuracy (not learned yet: raise epochs or samples)",
        })
      : pick(locale, {
          ja: "精度がまだ低い(未学習の可能性: epochs や samples を増やす)",
          en: "accuracy still low (not learned yet: raise epochs or samples)",
        });
  }
  if (gap <= -OVERFITTING_GAP) {
    return pick(locale, {
      ja: "検証精度のほうが高い(ドロップアウトは訓練時だけ効くため。過学習の兆候なし)",
      en: "validation above training (dropout only acts in training; no sign of overfitting)",
    });
  }
  return pick(locale, { ja: "差が小さい(汎化性能が高い)", en: "small gap (generalises well)" });
}

function runBlock(run: RunHistory, locale: Locale): string[] {
  const last = run.epochs.at(-1);
  if (last === undefined) return [`${runLabel(run, locale)}: -`];
  const gap = last.acc - last.valAcc;
  return [
    `${runLabel(run, locale)}:`,
    `  ${pick(locale, { ja: "訓練精度", en: "Training accuracy" })}: ${f4(last.acc)}`,
    `  ${pick(locale, { ja: "検証精度", en: "Validation accuracy" })}: ${f4(last.valAcc)}`,
    `  ${pick(locale, { ja: "差", en: "Gap" })}: ${gap.toFixed(4)} → ${reading(run, locale)}`,
    `  ${pick(locale, { ja: "テスト精度", en: "Test accuracy" })}: ${f4(run.testAcc)}`,
  ];
}

function gapOf(run: RunHistory | undefined): number | undefined {
  const last = run?.epochs.at(-1);
  return last === undefined ? undefined : last.acc - last.valAcc;
}

/** The lesson's conclusion, only when the baseline really overfits. */
function comparison(withDropout: number, baseline: number, locale: Locale): string {
  if (baseline < OVERFITTING_GAP) {
    return pick(locale, {
      ja: "→ ドロップアウトなしでもまだ過学習していません(エポックを増やすと差が開きます)。",
      en: "→ Even without dropout there is no overfitting yet (more epochs widen the gap).",
    });
  }
  return withDropout < baseline
    ? pick(locale, {
        ja: "→ ドロップアウトにより、過学習が抑制されています!",
        en: "→ Dropout kept overfitting down!",
      })
    : pick(locale, {
        ja: "→ この設定ではドロップアウトの効果は見えませんでした(率やエポックを変えてみましょう)。",
        en: "→ No dropout effect with these settings (try other rates or more epochs).",
      });
}

/** The lesson's result block: accuracies, their gap and a one-line reading, then backend and timing. */
export function resultText(result: TrainResult, locale: Locale, jobId?: number): string {
  const lines = [pick(locale, { ja: "=== 結果 ===", en: "=== Result ===" }), paramsSummary(result.params)];
  for (const run of result.runs) lines.push("", ...runBlock(run, locale));
  const withDropout = gapOf(result.runs.find((run) => run.kind === "dropout"));
  const baseline = gapOf(result.runs.find((run) => run.kind === "baseline"));
  if (withDropout !== undefined && baseline !== undefined)
    lines.push("", comparison(withDropout, baseline, locale));
  const rate = Math.round(result.samplesPerSecond).toLocaleString("en-US");
  lines.push(
    "",
    pick(locale, {
      ja: `バックエンド: ${result.backend} / 学習 ${result.trainSeconds.toFixed(1)} 秒(${rate} 枚/秒)${jobId === undefined ? "" : ` / ジョブ #${jobId}`}`,
      en: `Backend: ${result.backend} / trained in ${result.trainSeconds.toFixed(1)} s (${rate} samples/s)${jobId === undefined ? "" : ` / job #${jobId}`}`,
    }),
  );
  return lines.join("\n");
}

export function queuedText(job: number, position: number, locale: Locale): string {
  return position === 0
    ? pick(locale, { ja: `#${job} 学習を開始します…`, en: `#${job} starting to train…` })
    : pick(locale, {
        ja: `#${job} 待機中: ${position} 番目`,
        en: `#${job} queued: position ${position}`,
      });
}

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
          : "")
      : position === undefined
        ? pick(locale, { ja: "待機中(別のプロセス)", en: "queued (in another bot process)" })
        : pick(locale, { ja: `待機中 ${position} 番目`, en: `queued, position ${position}` });
  return `#${job.id} ${state}: ${paramsSummary(job.params)}`;
}

/** The job's progress line once it has started: its number and the backend training it. */
export const startedText = (job: number, backend: string, locale: Locale): string =>
  pick(locale, { ja: `#${job} 学習中…(${backend})`, en: `#${job} training… (${backend})` });

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
export function cancelText(jobs: readonly JobRecord[], locale: Locale): string {
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
      ja: "/train status(トレーニング 状況)— 自分のジョブ ・ /train cancel(トレーニング キャンセル)— 取り消し",
      en: "/train status — your jobs · /train cancel — cancel them",
    }),
  ].join("\n");
}
