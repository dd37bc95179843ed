import type { Locale } from "../core/conversation.ts";
import { pick } from "../core/i18n.ts";
import { formatDropout } from "./chart.ts";
import { DEFAULTS, type TrainParams } from "./params.ts";
import type { RunHistory, TrainResult } from "./types.ts";

/* The lesson's result block of a finished job, and the one-line summary of a job's parameters. */

/** A final gap (train − validation accuracy) at least this large reads as a sign of overfitting. */
export const OVERFITTING_GAP = 0.015;

const f4 = (value: number): string => value.toFixed(4);

function runLabel(run: Pick<RunHistory, "kind" | "dropout">, locale: Locale): string {
  if (run.kind === "baseline" || run.dropout.every((rate) => rate === 0)) {
    return pick(locale, { ja: "ドロップアウトなし", en: "Without dropout" });
  }
  return pick(locale, { ja: "ドロップアウト", en: "Dropout" }) + ` ${formatDropout(run.dropout)}`;
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

/**
 * The lesson's result block: accuracies, their gap and a one-line reading, then backend and timing (and the
 * worker host, when a worker process trained it).
 */
export function resultText(result: TrainResult, locale: Locale, jobId?: number, workerHost?: string): string {
  const lines = [pick(locale, { ja: "=== 結果 ===", en: "=== Result ===" }), paramsSummary(result.params)];
  for (const run of result.runs) lines.push("", ...runBlock(run, locale));
  const withDropout = gapOf(result.runs.find((run) => run.kind === "dropout"));
  const baseline = gapOf(result.runs.find((run) => run.kind === "baseline"));
  if (withDropout !== undefined && baseline !== undefined)
    lines.push("", comparison(withDropout, baseline, locale));
  const rate = Math.round(result.samplesPerSecond).toLocaleString("en-US");
  const backend = workerHost === undefined ? result.backend : `${result.backend} @ ${workerHost}`;
  lines.push(
    "",
    pick(locale, {
      ja: `バックエンド: ${backend} / 学習 ${result.trainSeconds.toFixed(1)} 秒(${rate} 枚/秒)${jobId === undefined ? "" : ` / ジョブ #${jobId}`}`,
      en: `Backend: ${backend} / trained in ${result.trainSeconds.toFixed(1)} s (${rate} samples/s)${jobId === undefined ? "" : ` / job #${jobId}`}`,
    }),
  );
  return lines.join("\n");
}
