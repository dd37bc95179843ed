import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventLedger } from "../../../src/bots/line/store.ts";
import { MediaStore } from "../../../src/bots/line/media.ts";
import { silentLogger } from "../../../src/core/logger.ts";
import { openDatabase } from "../../../src/db/open.ts";
import { chartPng } from "../../fakes/trainer.ts";
import { eventId } from "../../fakes/line/fixtures.ts";

describe("hosted media on disk", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "manabot-media-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("stores each image under a new unguessable id", async () => {
    const media = new MediaStore(dir, "https://bot.example.com", silentLogger);
    const png = await chartPng();
    const first = await media.save(png);
    const second = await media.save(png);
    expect(first.originalUrl).not.toBe(second.originalUrl);
    expect(readdirSync(dir).sort()).toHaveLength(4);
    for (const file of readdirSync(dir)) expect(file).toMatch(/^[0-9a-f]{32}(-preview)?\.png$/);
  });

  it("removes images older than the configured age and keeps newer ones", async () => {
    const media = new MediaStore(dir, "https://bot.example.com", silentLogger);
    const png = await chartPng();
    const old = await media.save(png);
    const fresh = await media.save(png);
    const oldId = old.originalUrl.split("/").at(-1)?.replace(".png", "") ?? "";
    const longAgo = new Date(Date.now() - 10 * 24 * 60 * 60 * 1000);
    for (const file of [`${oldId}.png`, `${oldId}-preview.png`])
      utimesSync(join(dir, file), longAgo, longAgo);

    const removed = await media.removeOlderThan(new Date(Date.now() - 24 * 60 * 60 * 1000));
    expect(removed).toBe(2);
    expect(existsSync(join(dir, `${oldId}.png`))).toBe(false);
    expect(existsSync(join(dir, fresh.originalUrl.split("/").at(-1) ?? ""))).toBe(true);
  });

  it("has nothing to clean before the first image", async () => {
    const media = new MediaStore(join(dir, "not-yet"), undefined, silentLogger);
    expect(media.canHost).toBe(false);
    expect(await media.removeOlderThan(new Date())).toBe(0);
  });
});

describe("webhook event ledger (db/003_line.sql)", () => {
  it("claims an event id once, and forgets old ids", () => {
    const db = openDatabase(":memory:");
    const ledger = new EventLedger(db);
    const id = eventId();
    const day1 = new Date("2026-11-01T00:00:00Z");
    expect(ledger.claim(id, day1)).toBe(true);
    expect(ledger.claim(id, day1)).toBe(false);
    expect(ledger.claim(eventId(), new Date("2026-11-20T00:00:00Z"))).toBe(true);
    expect(ledger.forgetBefore(new Date("2026-11-10T00:00:00Z"))).toBe(1);
    expect(ledger.claim(id, new Date("2026-11-21T00:00:00Z"))).toBe(true);
    db.close();
  });
});
