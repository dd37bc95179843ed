import { UserError } from "../errors.ts";
import type { Services } from "../context.ts";
import type { TrainerPort } from "../ports/trainer.ts";
import type { Command, ParsedArgs } from "./types.ts";

/** Words after `/train` that are actions rather than training parameters. */
const TRAIN_ACTIONS: ReadonlySet<string> = new Set(["status", "cancel", "help"]);

const paramsOf = (args: ParsedArgs): string => String(args.values.params ?? "").trim();
const actionOf = (args: ParsedArgs): string | undefined => {
  const word = paramsOf(args).toLowerCase();
  return TRAIN_ACTIONS.has(word) ? word : undefined;
};

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
  // The member's own jobs are their business; a training run and its chart are the chat's.
  privateInGroups: (args) => actionOf(args) === "status",
  deferred: true,
  check(args, services) {
    const trainer = trainerOf(services);
    return actionOf(args) ? undefined : trainer.readParams(paramsOf(args));
  },
  run(context, args) {
    const trainer = trainerOf(context.services);
    const owner = context.message;
    switch (actionOf(args)) {
      case "status":
        return trainer.status(owner, context.locale);
      case "cancel":
        return trainer.cancel(owner, context.locale);
      case "help":
        return [{ kind: "code", language: "text", code: trainer.helpText(context.locale) }];
      default:
        return trainer.start({
          owner,
          params: args.checked,
          locale: context.locale,
          conversation: context.conversation,
        });
    }
  },
};

function trainerOf(services: Services): TrainerPort {
  if (services.trainer) return services.trainer;
  throw new UserError("train.unavailable", {
    ja: "このボットでは学習機能が有効になっていません。",
    en: "Training is not enabled on this bot.",
  });
}
