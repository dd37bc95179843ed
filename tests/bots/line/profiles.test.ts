import { afterEach, describe, expect, it } from "vitest";
import { groupId, groupSource, textEvent, userId } from "../../fakes/line/fixtures.ts";
import { LineHarness } from "./harness.ts";

describe("LINE profile cache", () => {
  let harness: LineHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  const lookupsOf = (member: string): number =>
    harness?.api.callsTo("profile").filter((call) => call.path.endsWith(`/${member}`)).length ?? 0;

  it("keeps the member it just used (least recently used goes first, not first in)", async () => {
    harness = await LineHarness.start({ profileCacheSize: 3 });
    const group = groupId();
    const [aoi, ren, sora, mio] = [userId(), userId(), userId(), userId()];
    for (const [member, name] of [
      [aoi, "あおい"],
      [ren, "れん"],
      [sora, "そら"],
      [mio, "みお"],
    ] as const)
      harness.api.setProfile(member, name);
    const say = (member: string) => harness?.send([textEvent("/help", groupSource(group, member))]);

    await say(aoi);
    await say(ren);
    await say(sora);
    await say(aoi); // a hit: あおい is now the most recently used
    await say(mio); // the cache is full: れん, used longest ago, makes room
    await say(aoi);
    expect(lookupsOf(aoi)).toBe(1);
    await say(ren);
    expect(lookupsOf(ren)).toBe(2);
  });
});
