import { UserError } from "../errors.ts";
import { code, text, type Reply } from "../reply.ts";
import { formatLocal } from "../time/zone.ts";
import { lessonFor } from "./quiz.ts";
import type { Command, CommandContext } from "./types.ts";

export const MEMO_MAX_LENGTH = 1000;
const LIST_LIMIT = 20;

export const memoCommand: Command = {
  name: "memo",
  aliases: ["メモ"],
  summary: { ja: "学習メモを書く・見る・消す", en: "Write, list and delete study memos" },
  usage: [
    "/memo add ドロップアウトは訓練時だけ — メモを書く / add a memo",
    "/memo list     — 過去のメモ一覧(新しい順) / your memos, newest first",
    "/memo delete 3 — メモ #3 を消す / delete memo #3",
  ],
  subcommands: [
    {
      name: "add",
      description: { ja: "メモを書く", en: "add a memo" },
      example: {
        ja: "/memo add ドロップアウトは訓練時だけ",
        en: "/memo add dropout only applies while training",
      },
      options: [
        {
          name: "text",
          type: "string",
          description: { ja: "メモの内容", en: "the memo text" },
          required: true,
          rest: true,
          maxLength: MEMO_MAX_LENGTH,
        },
      ],
    },
    { name: "list", description: { ja: "過去のメモ一覧", en: "list your memos" }, options: [] },
    {
      name: "delete",
      description: { ja: "メモを消す", en: "delete a memo" },
      options: [
        {
          name: "id",
          type: "integer",
          description: { ja: "メモの番号", en: "memo number" },
          required: true,
          min: 1,
        },
      ],
    },
  ],
  defaultSubcommand: "list",
  aliasSubcommand: "add",
  run(context, args) {
    switch (args.subcommand) {
      case "add":
        return addMemo(context, String(args.values.text ?? ""));
      case "delete":
        return deleteMemo(context, args.values.id as number);
      default:
        return listMemos(context);
    }
  },
};

function addMemo(context: CommandContext, body: string): Reply[] {
  const trimmed = body.trim();
  if (!trimmed) {
    throw new UserError("memo.empty", {
      ja: "メモの内容が空です。例: /memo add ドロップアウトは訓練時だけ",
      en: "The memo is empty. Example: /memo add dropout only applies while training",
    });
  }
  const lesson = lessonFor(context, undefined);
  const memo = context.services.stores.memos.add(
    context.userId,
    lesson.step,
    trimmed,
    context.services.clock.now(),
  );
  return [
    text(
      context.locale === "ja"
        ? `📝 メモ #${memo.id} を STEP ${lesson.step} に保存しました。一覧: /memo list`
        : `📝 Saved memo #${memo.id} to step ${lesson.step}. List: /memo list`,
    ),
  ];
}

function listMemos(context: CommandContext): Reply[] {
  const lesson = lessonFor(context, undefined);
  const { memos, total } = context.services.stores.memos.list(context.userId, lesson.step, LIST_LIMIT);
  const ja = context.locale === "ja";
  if (memos.length === 0) {
    return [
      text(
        ja
          ? `📋 STEP ${lesson.step} のメモはまだありません。書くには: /memo add <内容>`
          : `📋 No memos for step ${lesson.step} yet. Write one with: /memo add <text>`,
      ),
    ];
  }
  const timeZone = context.services.stores.timeZones.get(context.userId);
  const lines = memos.map((memo) => `#${memo.id}  ${formatLocal(memo.createdAt, timeZone)}\n${memo.body}`);
  const more =
    total > memos.length
      ? ja
        ? `\n(ほか ${total - memos.length} 件)`
        : `\n(${total - memos.length} more)`
      : "";
  return [
    text(
      ja
        ? `📋 過去のメモ一覧 — STEP ${lesson.step}(${total} 件)`
        : `📋 Your memos — step ${lesson.step} (${total})`,
    ),
    code(lines.join("\n\n") + more),
  ];
}

function deleteMemo(context: CommandContext, id: number): Reply[] {
  const deleted = context.services.stores.memos.delete(context.userId, id);
  if (!deleted) {
    throw new UserError("memo.not-found", {
      ja: `メモ #${id} は見つかりません(自分のメモだけ消せます)。一覧: /memo list`,
      en: `Memo #${id} was not found (you can delete only your own). List: /memo list`,
    });
  }
  return [text(context.locale === "ja" ? `🗑️ メモ #${id} を消しました。` : `🗑️ Deleted memo #${id}.`)];
}
