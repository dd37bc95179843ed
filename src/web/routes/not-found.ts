import type { Response } from "express";
import { sessionOf } from "../http/session.ts";
import { noticePage } from "../views/layout.ts";

/** Missing, or someone else's: the same answer, so ids of others cannot be probed. */
export function notFound(res: Response): void {
  const session = sessionOf(res);
  res.status(404).send(
    noticePage({
      ...(session ? { locale: session.locale } : {}),
      title: { ja: "見つかりません", en: "Not found" },
      lines: [
        {
          ja: "このページはないか、あなたには開けません。",
          en: "This page does not exist, or you may not open it.",
        },
      ],
    }),
  );
}
