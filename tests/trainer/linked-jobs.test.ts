import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Address } from "../../src/core/conversation.ts";
import { isUserError } from "../../src/core/errors.ts";
import { hashLinkCode } from "../../src/core/link/code.ts";
import { createStores, type Stores } from "../../src/core/store/stores.ts";
import { openDatabase, type Db } from "../../src/db/open.ts";
import { parseTrainArgs } from "../../src/trainer/params.ts";
import { JobStore } from "../../src/trainer/queue/job-store.ts";
import { TrainQueue } from "../../src/trainer/queue/queue.ts";
import { FakeRunner } from "./fake-runner.ts";

const onDiscord: Address = { platform: "discord", chatId: "channel-1", userId: "d-alice", chatKind: "group" };
const onLine: Address = { platform: "line", chatId: "U-aoi", userId: "U-aoi", chatKind: "direct" };
const stranger: Address = { platform: "line", chatId: "U-ren", userId: "U-ren", chatKind: "direct" };

describe("training jobs of a learner linked across platforms", () => {
  let db: Db;
  let stores: Stores;
  let queue: TrainQueue;
  let runner: FakeRunner;
  const now = new Date("2026-11-28T09:00:00Z");

  beforeEach(() => {
    db = openDatabase(":memory:");
    stores = createStores(db);
    runner = new FakeRunner();
    queue = new TrainQueue({
      store: new JobStore(db),
      chartDir: mkdtempSync(join(tmpdir(), "charts-")),
      runner: runner.run,
      maxActivePerUser: 2,
    });
    for (const owner of [onDiscord, onLine, stranger])
      stores.users.ensure(owner.platform, owner.userId, undefined, now);
  });
  afterEach(async () => {
    await queue.close();
    db.close();
  });

  const link = () => {
    const discord = stores.links.accountOf("discord", "d-alice")!.id;
    const line = stores.links.accountOf("line", "U-aoi")!.id;
    stores.links.issueCode(discord, hashLinkCode("AAAA-BBBB"), now, new Date(now.getTime() + 600_000));
    expect(stores.accountMerge.link(hashLinkCode("AAAA-BBBB"), line, discord, line, now)).toBeDefined();
  };

  it("are found, counted and cancelled from either account, and from no one else's", async () => {
    const first = await queue.submit(onDiscord, "ja", parseTrainArgs("epochs=1"), () => {});
    expect(queue.activeFor(onLine)).toEqual([]);
    link();
    // Still keyed by the address it came from (its progress goes there), found from the other account.
    expect(queue.activeFor(onLine).map((job) => [job.id, job.owner.platform])).toEqual([
      [first.job.id, "discord"],
    ]);
    expect(queue.activeFor(stranger)).toEqual([]);

    await queue.submit(onLine, "ja", parseTrainArgs("epochs=2"), () => {});
    let refused: unknown;
    try {
      await queue.submit(onDiscord, "ja", parseTrainArgs("epochs=3"), () => {});
    } catch (error) {
      refused = error;
    }
    expect(isUserError(refused) && refused.code).toBe("train.limit");
    expect((await queue.submit(stranger, "ja", parseTrainArgs("epochs=3"), () => {})).kind).toBe("queued");

    expect((await queue.cancel(onLine)).map((job) => job.owner.platform).sort()).toEqual(["discord", "line"]);
    // The queued one ends at once; the running one stops at its next batch.
    expect(queue.activeFor(onDiscord).map((job) => job.status)).toEqual(["running"]);
  });

  it("go back to being each account's own after /unlink", () => {
    link();
    queue.submit(onLine, "ja", parseTrainArgs("epochs=1"), () => {});
    stores.accountMerge.unlink(stores.links.accountOf("line", "U-aoi")!.id, now);
    expect(queue.activeFor(onDiscord)).toEqual([]);
    expect(queue.activeFor(onLine)).toHaveLength(1);
  });
});
