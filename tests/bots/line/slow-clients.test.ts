import { once } from "node:events";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { LineHarness } from "./harness.ts";

describe("LINE: a client that sends slowly cannot hold a connection for long", () => {
  let harness: LineHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it("closes a webhook request whose body never finishes arriving", async () => {
    harness = await LineHarness.start({ requestTimeoutMs: 1000 });
    const { hostname, port } = new URL(harness.http.url);
    const socket = connect(Number(port), hostname);
    await once(socket, "connect");
    socket.write(
      [
        "POST /line/webhook HTTP/1.1",
        `Host: ${hostname}:${port}`,
        "Content-Type: application/json",
        "X-Line-Signature: x",
        "Content-Length: 1000",
        "",
        '{"destination":"U0","ev',
      ].join("\r\n"),
    );
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // Node's own limit is five minutes; the adapter's is the one set. A bound so a failure fails, not hangs.
    const closed = await Promise.race([
      once(socket, "close").then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000)),
    ]);
    socket.destroy();
    expect(closed).toBe(true);
    expect(Buffer.concat(chunks).toString("latin1")).toMatch(/^HTTP\/1\.1 408 /);
    expect(harness.api.calls).toEqual([]);
  });
});
