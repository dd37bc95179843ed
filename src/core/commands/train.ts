import type { CommandContext, Services } from "../context.ts";
import { ArgumentError, UserError } from "../errors.ts";
import { pick } from "../i18n.ts";
import type { TrainerPort } from "../ports/trainer.ts";
import { choices, code, text, type Reply } from "../reply.ts";
import { tokenize } from "../text/tokenize.ts";
import { normalizeWord, pointedNumber, verbStem, wordFor } from "./parse-args.ts";
import type { Command, OptionSpec, ParsedArgs } from "./types.ts";

type TrainAction = "status" | "cancel" | "help";
const ACTIONS: readonly TrainAction[] = ["status", "cancel", "help"];

/** Japanese (and other) words for the actions, as people type them after 「トレーニング」. */
const ACTION_WORDS: Readonly<Record<string, TrainAction>> = {
  状況: "status",
  状態: "status",
  確認: "status",
  ステータス: "status",
  キャンセル: "cancel",
  中止: "cancel",
  取り消し: "cancel",
  取消: "cancel",
  やめる: "cancel",
  やめて: "cancel",
  止めて: "cancel",
  ストップ: "cancel",
  stop: "cancel",
  ヘルプ: "help",
  使い方: "help",
  説明: "help",
};

/** What a first tap on a bare 「トレーニング」 starts: the lesson's own example. */
const EXAMPLE_JOB = "/train dropout=0.3";

const PARAMS_OPTION: OptionSpec = {
  name: "params",
  type: "string",
  description: {
    ja: "key=value のパラメータ、または status(状況)/ cancel(キャンセル)",
    en: "key=value parameters, or status / cancel",
  },
  label: { ja: "学習の設定", en: "the training settings" },
  rest: true,
  maxLength: 300,
  choiceAliases: ACTION_WORDS,
};

export const trainCommand: Command = {
  name: "train",
  // Not 「学習」: to a learner that means studying, and it must not start an 8-epoch job.
  aliases: ["トレーニング", "訓練"],
  summary: {
    ja: "レッスンの MNIST モデルを訓練して精度グラフを表示",
    en: "Train the lesson's MNIST model and get an accuracy chart",
  },
  usage: [
    "/train dropout=0.3             — ドロップアウト率 0.3 で訓練 / train with dropout 0.3",
    "/train dropout=0.3 compare=on  — ドロップアウトなしと比較 / compare with no dropout",
    "/train status                  — 実行中・待機中のジョブ / your jobs",
    "/train cancel [番号]           — ジョブを取り消す / cancel your jobs (or job N)",
    "トレーニング dropout=0.3 ・ トレーニング 状況 ・ トレーニング キャンセル",
  ],
  options: [PARAMS_OPTION],
  // The member's own jobs are their business; a training run and its chart are the chat's.
  privateInGroups: (args) => firstActionOf(args) === "status",
  deferred: true,
  check(args, services) {
    const trainer = trainerOf(services);
    const { action, params } = requestOf(args);
    return action || !params ? undefined : trainer.readParams(params);
  },
  run(context, args) {
    const trainer = trainerOf(context.services);
    const { action, params, jobId } = requestOf(args);
    const owner = context.message;
    switch (action) {
      case "status":
        return trainer.status(owner, context.locale);
      case "cancel":
        return trainer.cancel(owner, context.locale, jobId);
      case "help":
        return [code(trainer.helpText(context.locale))];
      default:
        if (!params) return whatTrainingDoes(context, trainer);
        return trainer.start({
          owner,
          params: args.checked,
          locale: context.locale,
          conversation: context.conversation,
        });
    }
  },
};

/** 「状況」「キャンセル」, status, cancel: words about one's training jobs (not 「ヘルプ」). */
export const isTrainJobWord = (word: string): boolean => {
  const action = actionOf(word);
  return action === "status" || action === "cancel";
};

function actionOf(word: string): TrainAction | undefined {
  const typed = wordFor(PARAMS_OPTION, word);
  const stem = wordFor(PARAMS_OPTION, verbStem(word));
  return ACTIONS.find((action) => action === typed || action === stem);
}

/** `/train status extra`, `/train cancel 5`: the action takes nothing after it. */
function extraAfterAction(word: string, action: TrainAction, extra: string): ArgumentError {
  if (action === "cancel") {
    return new ArgumentError(
      "train.cancel-takes-nothing",
      {
        ja: `「${word}」のあとには、取り消すジョブの番号だけを付けられます(例: /train cancel 3。「${extra}」は読めませんでした)。番号なしなら、自分の待機中・訓練中のジョブをすべて取り消します。`,
        en: `After "${word}" only a job number may follow (e.g. /train cancel 3; "${extra}" could not be read). Without one it cancels all your queued and running jobs.`,
      },
      {
        prompt: { ja: "すべて取り消すなら:", en: "To cancel them all:" },
        choices: [{ label: "⏹️ /train cancel", action: "/train cancel" }],
      },
    );
  }
  return new ArgumentError("train.action-takes-nothing", {
    ja: `「${word}」のあとの「${extra}」は読めませんでした。「${word}」だけを送ってください。`,
    en: `Could not read "${extra}" after "${word}". Send "${word}" on its own.`,
  });
}

/** A bare `/train` (or 「トレーニング」) says what it would do and waits for a tap, instead of starting a job. */
function whatTrainingDoes(context: CommandContext, trainer: TrainerPort): Reply[] {
  const { locale } = context;
  return [
    text(
      pick(locale, {
        ja: "🧪 レッスンの MNIST モデル(手書き数字の分類)を訓練して、精度のグラフを返します。既定の設定で数十秒、設定によっては数分かかります。設定は次のとおりです:",
        en: "🧪 This trains the lesson's MNIST model (handwritten digits) and answers with an accuracy chart. The default settings take about half a minute, bigger ones several minutes. The settings:",
      }),
    ),
    code(trainer.helpText(locale)),
    choices(
      pick(locale, {
        ja: `始めるならボタンを押すか、${EXAMPLE_JOB} のように設定を付けて送ってください。`,
        en: `Tap to start, or send settings such as ${EXAMPLE_JOB}.`,
      }),
      [
        {
          label: pick(locale, { ja: "▶ dropout=0.3 で訓練する", en: "▶ Train with dropout=0.3" }),
          action: EXAMPLE_JOB,
        },
      ],
    ),
  ];
}

const paramsOf = (args: ParsedArgs): string => String(args.values.params ?? "").trim();

/** The action the first word names, if any (status, 状況, cancel…). */
function firstActionOf(args: ParsedArgs): TrainAction | undefined {
  const [first] = tokenize(paramsOf(args));
  return first === undefined ? undefined : actionOf(first);
}

/**
 * What `/train …` asks for: an action (which takes nothing after it, except cancel's job number:
 * `/train cancel 3`, 「トレーニング キャンセル #3」「トレーニング 3をキャンセル」「トレーニング #3 中止」), or a job
 * with these settings.
 */
function requestOf(args: ParsedArgs): { action?: TrainAction; params: string; jobId?: number } {
  const params = paramsOf(args);
  const tokens = tokenize(params);
  const numbered = numberedCancel(tokens);
  if (numbered !== undefined) return { action: "cancel", params, jobId: numbered };
  const [first, ...more] = tokens;
  const action = first === undefined ? undefined : actionOf(first);
  if (action && more.length > 0) throw extraAfterAction(first as string, action, more.join(" "));
  return action ? { action, params } : { params };
}

/** The job number of a cancel that names one, in either order, or glued: 「3をキャンセル」. */
function numberedCancel(tokens: readonly string[]): number | undefined {
  const isCancel = (word: string | undefined) => word !== undefined && actionOf(word) === "cancel";
  if (tokens.length === 2) {
    const [a = "", b = ""] = tokens;
    if (isCancel(a)) return pointedNumber(b);
    if (isCancel(b)) return pointedNumber(a.replace(/を$/, ""));
  }
  if (tokens.length === 1) {
    const glued = /^(#?\d+)を?(.+)$/.exec(normalizeWord(tokens[0] ?? ""));
    if (glued && isCancel(glued[2])) return pointedNumber(glued[1] ?? "");
  }
  return undefined;
}

function trainerOf(services: Services): TrainerPort {
  if (services.trainer) return services.trainer;
  throw new UserError("train.unavailable", {
    ja: "このボットではモデルの訓練機能が有効になっていません。",
    en: "Training is not enabled on this bot.",
  });
}
