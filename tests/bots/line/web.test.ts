import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupId, groupSource, textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { WebClient } from "../../web/client.ts";
import { LineHarness, PUBLIC_BASE_URL, textsOf } from "./harness.ts";

const LINK = /https:\/\/manabot\.example\.test\/web\/signin\/[A-Za-z0-9_-]{43}/;

describe("/web on LINE", () => {
  let harness: LineHarness;
  beforeEach(async () => {
    harness = await LineHarness.start({ web: true });
  });
  afterEach(async () => {
    await harness.close();
  });

  it("answers a 1:1 chat with the sign-in link", async () => {
    const aoi = userId();
    await harness.send([textEvent("マイページ", userSource(aoi))]);
    const reply = harness.api.delivered.at(-1);
    expect(reply?.endpoint).toBe("reply");
    expect(textsOf(reply?.messages ?? [])).toMatch(LINK);
  });

  it("in a group, pushes the link to the member's 1:1 chat and tells the group only that it was sent", async () => {
    const group = groupId();
    const aoi = userId();
    harness.api.setProfile(aoi, "あおい");
    await harness.send([textEvent("ウェブ", groupSource(group, aoi))]);
    const toGroup = harness.api.delivered.filter((sent) => sent.endpoint === "reply");
    const toAoi = harness.api.delivered.filter((sent) => sent.endpoint === "push" && sent.to === aoi);
    expect(toGroup).toHaveLength(1);
    expect(textsOf(toGroup[0]?.messages ?? [])).toContain("あおい さん、📩");
    expect(textsOf(toGroup[0]?.messages ?? [])).not.toMatch(/\/web\/signin\//);
    expect(harness.api.delivered.filter((sent) => sent.to === group)).toEqual([]);
    expect(toAoi).toHaveLength(1);
    const link = LINK.exec(textsOf(toAoi[0]?.messages ?? []))?.[0];
    expect(link).toBeDefined();

    // The link opens that group's page, on the server that also carries the webhook.
    const client = new WebClient(harness.http.url);
    const signedIn = await client.signIn(link ?? "");
    expect(signedIn.headers.get("location")).toBe(`/web/g/line/${group}`);
    expect(signedIn.headers.getSetCookie()[0]).toContain("Secure");
    expect(PUBLIC_BASE_URL.startsWith("https://")).toBe(true);
  });

  it("when LINE refuses the push (not a friend), tells the group how to get the link without showing it", async () => {
    const group = groupId();
    const ren = userId();
    harness.api.failNext("push", { status: 400, times: 1 });
    await harness.send([textEvent("/web", groupSource(group, ren))]);
    const toGroup = harness.api.delivered.filter((sent) => sent.endpoint === "reply");
    expect(textsOf(toGroup.at(-1)?.messages ?? [])).toContain("友だち追加");
    expect(JSON.stringify(harness.api.delivered)).not.toMatch(/\/web\/signin\//);
  });
});
