import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callbackBody, signature, textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { postWithHeaderLines } from "../../fakes/line/webhook-client.ts";
import { CHANNEL_SECRET, LineHarness } from "./harness.ts";

/** A signed body whose canonical signature holds a "+" or "/", so it has a distinct URL-safe spelling. */
function bodyWithSymbolsInSignature(): { raw: string; sig: string } {
  for (;;) {
    const raw = JSON.stringify(callbackBody([textEvent("/help", userSource(userId()))]));
    const sig = signature(raw, CHANNEL_SECRET);
    if (/[+/]/.test(sig)) return { raw, sig };
  }
}

describe("LINE webhook signature: only the canonical base64 of the MAC", () => {
  let harness: LineHarness;
  beforeEach(async () => {
    harness = await LineHarness.start();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("accepts the canonical signature", async () => {
    const { raw, sig } = bodyWithSymbolsInSignature();
    const { statuses } = await postWithHeaderLines(harness.http.url, raw, [["X-Line-Signature", sig]]);
    await harness.line.idle();
    expect(statuses).toEqual([200]);
    expect(harness.userCount()).toBe(1);
  });

  const variants: [string, (sig: string) => string][] = [
    ["trailing !!", (sig) => `${sig}!!`],
    ["missing padding", (sig) => sig.replace(/=+$/, "")],
    ["URL-safe alphabet", (sig) => sig.replace(/\+/g, "-").replace(/\//g, "_")],
    ["an inserted space", (sig) => `${sig.slice(0, 10)} ${sig.slice(10)}`],
    ["AAAA appended", (sig) => `${sig}AAAA`],
    ["lower case", (sig) => sig.toLowerCase()],
  ];
  for (const [name, spell] of variants) {
    it(`refuses a valid MAC spelled with ${name}`, async () => {
      const { raw, sig } = bodyWithSymbolsInSignature();
      expect(spell(sig)).not.toBe(sig);
      const { statuses } = await postWithHeaderLines(harness.http.url, raw, [
        ["X-Line-Signature", spell(sig)],
      ]);
      await harness.line.idle();
      expect(statuses).toEqual([401]);
      expect(harness.api.calls).toEqual([]);
      expect(harness.userCount()).toBe(0);
    });
  }

  it("refuses a duplicated signature header, even when its first copy is valid, with one response", async () => {
    const { raw, sig } = bodyWithSymbolsInSignature();
    for (const second of ["junk", sig]) {
      const { statuses } = await postWithHeaderLines(harness.http.url, raw, [
        ["X-Line-Signature", sig],
        ["X-Line-Signature", second],
      ]);
      expect(statuses).toEqual([401]);
    }
    await harness.line.idle();
    expect(harness.api.calls).toEqual([]);
    expect(harness.userCount()).toBe(0);
  });

  it("refuses a signature of an empty body sent with a body", async () => {
    const { raw } = bodyWithSymbolsInSignature();
    const { statuses } = await postWithHeaderLines(harness.http.url, raw, [
      ["X-Line-Signature", signature("", CHANNEL_SECRET)],
    ]);
    expect(statuses).toEqual([401]);
  });
});
