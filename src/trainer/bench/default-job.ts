import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Conversation } from "../../core/conversation.ts";
import type { Reply } from "../../core/reply.ts";
import { openDatabase } from "../../db/open.ts";
import { createTrainerService } from "../service.ts";

export interface DefaultJobTiming {
  /** From `/train <args>` to the chart image reply. */
  secondsToChart: number;
  /** The result text sent with the chart. */
  resultText: string;
  /** Event-loop delay of this (the bot's) process while the job trained in its worker, in ms. */
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
}

/** The histogram records whole timer intervals; the lag is what exceeds the sampling interval. */
const LAG_RESOLUTION_MS = 10;
const lagMs = (nanoseconds: number): number => Math.max(0, nanoseconds / 1e6 - LAG_RESOLUTION_MS);

/** Runs `/train <args>` through the real service and worker, as the bot would, and times it. */
export async function timeDefaultJob(args: string): Promise<DefaultJobTiming> {
  const db = openDatabase(":memory:");
  const service = createTrainerService({ db, chartDir: mkdtempSync(join(tmpdir(), "bench-charts-")) });
  const replies: Reply[] = [];
  let chartAt = 0;
  const conversation: Conversation = {
    async send(sent) {
      if (sent.some((reply) => reply.kind === "image")) chartAt = performance.now();
      replies.push(...sent);
    },
  };
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  const started = performance.now();
  lag.enable();
  try {
    await service.start({
      owner: { platform: "local", chatId: "bench", userId: "bench", chatKind: "direct" },
      params: service.readParams(args),
      locale: "ja",
      conversation,
    });
    await service.whenIdle();
  } finally {
    lag.disable();
    await service.close();
    db.close();
  }
  const failed = replies.find((reply) => reply.kind === "text" && reply.text.includes("失敗"));
  if (chartAt === 0)
    throw new Error(`the default job produced no chart${failed?.kind === "text" ? `: ${failed.text}` : ""}`);
  const resultReply = replies.findLast((reply) => reply.kind === "text");
  return {
    secondsToChart: (chartAt - started) / 1000,
    resultText: resultReply?.kind === "text" ? resultReply.text : "",
    lagP50Ms: lagMs(lag.percentile(50)),
    lagP99Ms: lagMs(lag.percentile(99)),
    lagMaxMs: lagMs(lag.max),
  };
}
