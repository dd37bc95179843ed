import { count, pick } from "../i18n.ts";
import { UserError } from "../errors.ts";
import { choices, code, text, type Reply } from "../reply.ts";
import { formatLocal } from "../time/zone.ts";
import { lessonFor } from "./quiz.ts";
import type { CommandContext } from "../context.ts";
import type { Command } from "./types.ts";

export const MEMO_MAX_LENGTH = 1000;
/** Memos a page of `/memo list` shows (up to 10 × 1000 characters: a few messages on every platform). */
const PAGE_SIZE = 10;

export const memoCommand: Command = {
  name: "memo",
  aliases: ["メモ"],
  summary: { ja: "学習メモを書く・見る・消す", en: "Write, list and delete study memos" },
  usage: [
    "/memo add ドロップアウトは訓練時だけ — メモを書く / add a memo",
    "/memo list     — 過去のメモ一覧(新しい順) / your memos, newest first",
    "/memo list 2   — その次の 10 件 / the next 10",
    "/memo delete 3 — メモ #3 を消す / delete memo #3",
    "メモ ドロップアウトは訓練時だけ ・ メモ 一覧 ・ メモ 一覧 2 ・ メモ 削除 3",
  ],
  subcommands: [
    {
      name: "add",
      aliases: ["追加", "書く", "保存"],
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
          label: { ja: "メモ", en: "a memo" },
          required: true,
          rest: true,
          maxLength: MEMO_MAX_LENGTH,
        },
      ],
    },
    {
      name: "list",
      aliases: ["一覧", "リスト", "見る", "表示", "一覧表示"],
      description: { ja: "過去のメモ一覧", en: "list your memos" },
      options: [
        {
          name: "page",
          type: "integer",
          description: { ja: "ページ(1 ページ 10 件)", en: "page (10 memos each)" },
          label: { ja: "ページ", en: "the page" },
          min: 1,
          suffixes: ["ページ", "ページ目"],
        },
      ],
    },
    {
      name: "delete",
      aliases: ["削除", "消す", "消去", "消して"],
      description: { ja: "メモを消す", en: "delete a memo" },
      options: [
        {
          name: "id",
          type: "integer",
          description: { ja: "メモの番号", en: "memo number" },
          label: { ja: "消すメモの番号", en: "the number of the memo to delete" },
          required: true,
          min: 1,
        },
      ],
    },
  ],
  defaultSubcommand: "list",
  aliasSubcommand: "add",
  notFreeText: {
    words: [
      "編集",
      "修正",
      "変更",
      "直す",
      "検索",
      "探す",
      "探して",
      "全部削除",
      "全削除",
      "すべて削除",
      "全て削除",
    ],
    reply: {
      ja: "チャットでできるのはメモを書く・見る・1 件ずつ消すことです。メモの編集や検索は学習ページで: /web",
      en: "In the chat you can add, list and delete memos one by one. Edit and search them on your study page: /web",
    },
  },
  privateInGroups: true,
  run(context, args) {
    switch (args.subcommand) {
      case "add":
        return addMemo(context, String(args.values.text ?? ""));
      case "delete":
        return deleteMemo(context, args.values.id as number);
      default:
        return listMemos(context, (args.values.page as number | undefined) ?? 1);
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
      pick(context.locale, {
        ja: `📝 メモ #${memo.id} を STEP ${lesson.step} に保存しました。一覧: /memo list`,
        en: `📝 Saved memo #${memo.id} to step ${lesson.step}. List: /memo list`,
      }),
    ),
  ];
}

function listMemos(context: CommandContext, page: number): Reply[] {
  const { locale } = context;
  const lesson = lessonFor(context, undefined);
  const { memos, total } = context.services.stores.memos.list(
    context.userId,
    lesson.step,
    PAGE_SIZE,
    (page - 1) * PAGE_SIZE,
  );
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (memos.length === 0 && total > 0) {
    throw new UserError("memo.no-page", {
      ja: `メモは ${pages} ページまでです(1 ページ 10 件)。例: /memo list ${pages}`,
      en: `Your memos fill ${count(pages, "page")} of 10. Example: /memo list ${pages}`,
    });
  }
  if (memos.length === 0) {
    return [
      text(
        pick(locale, {
          ja: `📋 STEP ${lesson.step} のメモはまだありません。書くには: メモ 〈内容〉(または /memo add 〈内容〉)`,
          en: `📋 No memos for step ${lesson.step} yet. Write one with: /memo add <text>`,
        }),
      ),
    ];
  }
  const timeZone = context.services.stores.timeZones.get(context.userId);
  const lines = memos.map((memo) => `#${memo.id}  ${formatLocal(memo.createdAt, timeZone)}\n${memo.body}`);
  const ofPages =
    pages > 1 ? pick(locale, { ja: ` ・ ${page}/${pages} ページ`, en: `, page ${page}/${pages}` }) : "";
  const replies: Reply[] = [
    text(
      pick(locale, {
        ja: `📋 過去のメモ一覧 — STEP ${lesson.step}(${total} 件${ofPages})`,
        en: `📋 Your memos — step ${lesson.step} (${total}${ofPages})`,
      }),
    ),
    code(lines.join("\n\n")),
  ];
  if (page < pages) {
    replies.push(
      choices(
        pick(locale, {
          ja: `古いメモ: /memo list ${page + 1}`,
          en: `Older memos: /memo list ${page + 1}`,
        }),
        [
          {
            label: pick(locale, { ja: "次のページ ▶", en: "Next page ▶" }),
            action: `/memo list ${page + 1}`,
          },
        ],
      ),
    );
  }
  return replies;
}

function deleteMemo(context: CommandContext, id: number): Reply[] {
  const deleted = context.services.stores.memos.delete(context.userId, id);
  if (!deleted) {
    throw new UserError("memo.not-found", {
      ja: `メモ #${id} は見つかりません(自分のメモだけ消せます)。一覧: /memo list`,
      en: `Memo #${id} was not found (you can delete only your own). List: /memo list`,
    });
  }
  return [text(pick(context.locale, { ja: `🗑️ メモ #${id} を消しました。`, en: `🗑️ Deleted memo #${id}.` }))];
}
