import { describe, expect, it } from "vitest";
import type { TrainerPort } from "../../../src/core/ports/trainer.ts";
import { text } from "../../../src/core/reply.ts";
import { createTestBot, textOf } from "../../helpers/core.ts";

/** A trainer that records which job each cancel names (undefined: all of them). */
function cancelRecorder() {
  const cancels: (number | undefined)[] = [];
  const trainer: TrainerPort = {
    readParams: (args: string) => args,
    start: () => Promise.resolve([text("started")]),
    status: () => Promise.resolve([text("status")]),
    async cancel(_owner, _locale, jobId) {
      cancels.push(jobId);
      return [text(`cancelled ${jobId ?? "all"}`)];
    },
    helpText: () => "",
    whenIdle: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { trainer, cancels };
}

describe("/train cancel with a job number", () => {
  it("cancels job N as people write it, in either order; without a number, all of them", async () => {
    const { trainer, cancels } = cancelRecorder();
    const { say } = createTestBot({ trainer });
    for (const typed of [
      "/train cancel 3",
      "/train cancel #3",
      "トレーニング キャンセル ３",
      "トレーニング ＃３ 中止",
      "トレーニング 3をキャンセル",
      "トレーニング #3をやめて",
    ])
      expect(textOf(await say(typed)), typed).toBe("cancelled 3");
    expect(textOf(await say("/train cancel"))).toBe("cancelled all");
    expect(cancels).toEqual([3, 3, 3, 3, 3, 3, undefined]);
  });

  it("refuses anything else after cancel, and never reads a setting as a job number", async () => {
    const { trainer, cancels } = cancelRecorder();
    const { say } = createTestBot({ trainer });
    for (const typed of ["/train cancel 0", "/train cancel 3 4", "/train cancel three", "/train cancel -3"])
      expect(textOf(await say(typed)), typed).toContain("取り消すジョブの番号だけを付けられます");
    expect(textOf(await say("/train epochs=3"))).toBe("started");
    expect(cancels).toEqual([]);
  });
});
