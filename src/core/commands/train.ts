import { ArgumentError, isUserError, UserError } from "../errors.ts";
import type { TrainerPort, TrainRequest } from "../ports/trainer.ts";
import type { Reply } from "../reply.ts";
import type { Command } from "./types.ts";

/** Words after `/train` that are actions rather than training parameters. */
export const TRAIN_ACTIONS = ["status", "cancel", "help"] as const;

/** The code of the UserError the trainer throws for parameters it cannot read (`TrainerPort.start`). */
const TRAIN_ARGS_CODE = "train.args";

export const trainCommand: Command = {
  name: "train",
  aliases: ["学習", "トレーニング"],
  summary: {
    ja: "レッスンの MNIST モデルを学習して精度グラフを表示",
    en: "Train the lesson's MNIST model and get an accuracy chart",
  },
  usage: [
    "/train dropout=0.3             — ドロップアウト率 0.3 で学習 / train with dropout 0.3",
    "/train dropout=0.3 compare=on  — ドロップアウトなしと比較 / compare with no dropout",
    "/train status                  — 実行中・待機中のジョブ / your jobs",
    "/train cancel                  — ジョブを取り消す / cancel your job",
  ],
  options: [
    {
      name: "params",
      type: "string",
      description: {
        ja: "key=value のパラメータ、または status / cancel",
        en: "key=value parameters, or status / cancel",
      },
      rest: true,
      maxLength: 300,
    },
  ],
  run(context, args) {
    const trainer = context.services.trainer;
    if (!trainer) {
      throw new UserError("train.unavailable", {
        ja: "このボットでは学習機能が有効になっていません。",
        en: "Training is not enabled on this bot.",
      });
    }
    const params = String(args.values.params ?? "").trim();
    const owner = context.message;
    const word = params.toLowerCase();
    if (word === "status") return trainer.status(owner, context.locale);
    if (word === "cancel") return trainer.cancel(owner, context.locale);
    if (word === "help") return [{ kind: "code", language: "text", code: trainer.helpText(context.locale) }];
    return startTraining(trainer, {
      owner,
      args: params,
      locale: context.locale,
      conversation: context.conversation,
    });
  },
};

async function startTraining(trainer: TrainerPort, request: TrainRequest): Promise<Reply[]> {
  try {
    return await trainer.start(request);
  } catch (error) {
    // The trainer's "could not read these parameters" is an argument error like any other command's.
    if (isUserError(error) && error.code === TRAIN_ARGS_CODE)
      throw new ArgumentError(error.code, error.userMessage, error.offer);
    throw error;
  }
}
