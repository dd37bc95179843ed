import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { textOf } from "../helpers/core.ts";
import { WebClient } from "./client.ts";
import { curves, linkIn, startWebHarness, type WebHarness } from "./harness.ts";

const MINUTE = 60_000;

describe("the study page's security", () => {
  let harness: WebHarness;
  afterEach(async () => {
    await harness?.close();
  });

  async function signedIn(userId = "alice"): Promise<WebClient> {
    const client = new WebClient(harness.http.url);
    const done = await client.signIn(await harness.signInLink({ userId }));
    expect(done.status).toBe(303);
    return client;
  }

  it("serves no learner data without a session: pages, the API and the download", async () => {
    harness = await startWebHarness();
    await harness.say("/memo add ひみつのメモ");
    const client = new WebClient(harness.http.url);
    const page = await client.get("/web");
    expect(page.status).toBe(401);
    const body = await page.text();
    expect(body).not.toContain("ひみつのメモ");
    expect(body).toContain("/web");
    expect((await client.get("/web/api/runs")).status).toBe(401);
    expect((await client.get("/web/export.json")).status).toBe(401);
    expect((await client.get("/web/account/delete")).status).toBe(401);
    // A made-up session cookie is no session.
    client.cookie = "manabot_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    expect((await client.get("/web")).status).toBe(401);
  });

  it("lets a link sign in once; the session cookie is HttpOnly, SameSite=Lax, for /web, seven days", async () => {
    harness = await startWebHarness();
    const link = await harness.signInLink();
    const client = new WebClient(harness.http.url);
    // A chat app's link preview only fetches the page: that does not use the link up.
    expect((await client.get(link)).status).toBe(200);
    expect((await client.get(link)).status).toBe(200);
    const page = await client.get(link);
    const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const signIn = await client.post("/web/signin", { token });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get("location")).toBe("/web");
    const cookie = signIn.headers.getSetCookie()[0] ?? "";
    expect(cookie).toMatch(/^manabot_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/web");
    expect(cookie).toContain("Max-Age=604800");
    expect(cookie).not.toContain("Secure");
    expect((await client.get("/web")).status).toBe(200);

    const again = new WebClient(harness.http.url);
    const second = await again.get(link);
    expect(second.status).toBe(410);
    expect(await second.text()).toContain("もう一度 /web");
    expect((await again.post("/web/signin", { token })).status).toBe(410);
    expect(again.cookie).toBe("");
  });

  it("refuses a link after ten minutes, and a forged or altered one", async () => {
    harness = await startWebHarness();
    const link = await harness.signInLink();
    harness.clock.advance(10 * MINUTE + 1000);
    const client = new WebClient(harness.http.url);
    expect((await client.get(link)).status).toBe(410);
    const token = link.split("/").at(-1) ?? "";
    expect((await client.post("/web/signin", { token })).status).toBe(410);

    const fresh = await harness.signInLink();
    const altered = fresh.slice(0, -1) + (fresh.endsWith("A") ? "B" : "A");
    expect((await client.get(altered)).status).toBe(410);
    expect((await client.get("/web/signin/not-a-token")).status).toBe(410);
    expect((await client.post("/web/signin", { token: "x".repeat(43) })).status).toBe(410);
    expect(client.cookie).toBe("");
  });

  it("marks the cookie Secure when users reach the server over https", async () => {
    harness = await startWebHarness({ publicBaseUrl: "https://bot.example.com" });
    const link = await harness.signInLink();
    expect(link.startsWith("https://bot.example.com/web/signin/")).toBe(true);
    const client = new WebClient(harness.http.url);
    const page = await client.get(link);
    const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const signIn = await client.post("/web/signin", { token });
    expect(signIn.headers.getSetCookie()[0]).toContain("Secure");
  });

  it("stores only hashes of links and sessions", async () => {
    harness = await startWebHarness();
    const link = await harness.signInLink();
    const client = await new WebClient(harness.http.url);
    await client.signIn(link);
    const token = link.split("/").at(-1) ?? "";
    const session = client.cookie.split("=")[1] ?? "";
    const sha = (value: string) => createHash("sha256").update(value).digest("hex");
    const db = harness.app.db;
    const links = db.prepare("SELECT token_hash FROM web_sign_in_tokens").all() as { token_hash: string }[];
    const sessions = db.prepare("SELECT token_hash FROM web_sessions").all() as { token_hash: string }[];
    expect(links.map((row) => row.token_hash)).toEqual([sha(token)]);
    expect(sessions.map((row) => row.token_hash)).toEqual([sha(session)]);
    const everything = JSON.stringify([
      db.prepare("SELECT * FROM web_sign_in_tokens").all(),
      db.prepare("SELECT * FROM web_sessions").all(),
    ]);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(session);
  });

  it("refuses a change without the CSRF token, or sent from another site, and changes nothing", async () => {
    harness = await startWebHarness();
    await harness.say("/memo add もとのメモ");
    const client = await signedIn();
    const csrf = await client.csrf();
    const missing = await client.post("/web/memos/1", { body: "書きかえ" });
    expect(missing.status).toBe(403);
    const wrong = await client.post("/web/memos/1", { body: "書きかえ", _csrf: "x".repeat(43) });
    expect(wrong.status).toBe(403);
    const crossSite = await client.post(
      "/web/memos/1",
      { body: "書きかえ", _csrf: csrf },
      { origin: "http://evil.example", "sec-fetch-site": "cross-site" },
    );
    expect(crossSite.status).toBe(403);
    const oldBrowser = await client.post(
      "/web/memos/1",
      { body: "書きかえ", _csrf: csrf },
      { origin: "http://evil.example" },
    );
    expect(oldBrowser.status).toBe(403);
    expect((await client.post("/web/memos/1/delete", {})).status).toBe(403);
    expect((await client.post("/web/logout", {})).status).toBe(403);
    expect((await client.post("/web/account/delete", { confirm: "yes" })).status).toBe(403);
    expect(textOf(await harness.say("/memo list"))).toContain("もとのメモ");

    const fine = await client.post("/web/memos/1", { body: "書きかえ", _csrf: csrf });
    expect(fine.status).toBe(303);
    expect(textOf(await harness.say("/memo list"))).toContain("書きかえ");
  });

  it("serves only the learner's own rows: another learner's memo, run or group is not found", async () => {
    harness = await startWebHarness();
    await harness.say("/memo add ボブのメモ", { userId: "bob" });
    const bobsRun = harness.addRun("bob", {}, [curves("dropout", 3, 0.8, 0.05)]);
    const alicesRun = harness.addRun("alice", {}, [curves("dropout", 3, 0.7, 0.05)]);
    await harness.say("/web", {
      userId: "bob",
      chatId: "group-b",
      chatKind: "group",
      canReplyPrivately: true,
    });
    const alice = await signedIn("alice");
    const csrf = await alice.csrf();
    expect(await (await alice.get("/web")).text()).not.toContain("ボブのメモ");
    expect((await alice.post("/web/memos/1", { body: "のっとり", _csrf: csrf })).status).toBe(404);
    expect((await alice.post("/web/memos/1/delete", { _csrf: csrf })).status).toBe(404);
    expect(textOf(await harness.say("/memo list", { userId: "bob" }))).toContain("ボブのメモ");

    const runs = (await (await alice.get(`/web/api/runs?ids=${bobsRun},${alicesRun}`)).json()) as {
      runs: { id: number }[];
    };
    expect(runs.runs.map((run) => run.id)).toEqual([alicesRun]);
    expect(await (await alice.get("/web")).text()).not.toContain(`#${bobsRun}<`);
    expect((await alice.get("/web/g/local/group-b")).status).toBe(404);
    expect((await alice.post("/web/g/local/group-b/visibility", { hidden: "yes", _csrf: csrf })).status).toBe(
      404,
    );
    const exported = JSON.stringify(await (await alice.get("/web/export.json")).json());
    expect(exported).not.toContain("ボブのメモ");
  });

  it("shows a memo containing <script> as text, with no inline script or style on any page", async () => {
    harness = await startWebHarness();
    await harness.say('/memo add <script>alert("x")</script> & <img src=x onerror=alert(1)>');
    harness.addRun("alice", {}, [curves("dropout", 2, 0.8, 0.05)]);
    const client = await signedIn();
    const response = await client.get("/web");
    const body = await response.text();
    expect(body).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;",
    );
    expect(body).not.toContain('<script>alert("x")');
    expect(body).not.toContain("<img src=x");
    for (const path of ["/web", "/web/account/delete", "/web/nowhere"]) {
      const page = await client.get(path);
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(page.headers.get("content-security-policy")).not.toContain("unsafe-inline");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      const html = await page.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
      for (const tag of scripts) expect(tag).toMatch(/ src="\/web\/static\//);
      expect(html).not.toMatch(/<style\b/);
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/\son[a-z]+="/);
    }
    expect((await client.get("/web")).headers.get("cache-control")).toBe("no-store");
  });

  it("limits sign-in attempts per address, and links a learner may ask for in ten minutes", async () => {
    harness = await startWebHarness({ signInLimit: 3 });
    const client = new WebClient(harness.http.url);
    const link = await harness.signInLink();
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await client.get("/web/signin/nope")).status).toBe(410);
    const limited = await client.get(link);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("600");
    harness.clock.advance(10 * MINUTE + 1000);
    const fresh = await harness.signInLink();
    expect((await client.signIn(fresh)).status).toBe(303);

    for (let link = 0; link < 4; link++) expect(linkIn(await harness.say("/web"))).toBeDefined();
    const refused = await harness.say("/web");
    expect(linkIn(refused)).toBeUndefined();
    expect(textOf(refused)).toContain("10 分");
  });

  it("counts sign-in attempts per address a local proxy reports, so one learner does not lock out others", async () => {
    harness = await startWebHarness({ signInLimit: 2 });
    const client = new WebClient(harness.http.url);
    const from = (address: string) => ({ "x-forwarded-for": address });
    expect((await client.get("/web/signin/nope", from("203.0.113.5"))).status).toBe(410);
    expect((await client.get("/web/signin/nope", from("203.0.113.5"))).status).toBe(410);
    expect((await client.get("/web/signin/nope", from("203.0.113.5"))).status).toBe(429);
    expect((await client.get("/web/signin/nope", from("198.51.100.7"))).status).toBe(410);
  });

  it("ends every session with /web logout, voids unused links, and ends sessions after seven days", async () => {
    harness = await startWebHarness();
    const phone = await signedIn();
    const laptop = await signedIn();
    const unused = await harness.signInLink();
    const bob = await signedIn("bob");
    const reply = textOf(await harness.say("/web logout"));
    expect(reply).toContain("2 件");
    expect((await phone.get("/web")).status).toBe(401);
    expect((await laptop.get("/web")).status).toBe(401);
    expect((await new WebClient(harness.http.url).get(unused)).status).toBe(410);
    expect((await bob.get("/web")).status).toBe(200);
    expect(textOf(await harness.say("ウェブ ログアウト", { userId: "bob" }))).toContain("1 件");
    expect((await bob.get("/web")).status).toBe(401);

    const later = await signedIn();
    expect((await later.get("/web")).status).toBe(200);
    harness.clock.advance(7 * 24 * 60 * MINUTE + 1000);
    expect((await later.get("/web")).status).toBe(401);
  });

  it("signs out of this browser only from the page", async () => {
    harness = await startWebHarness();
    const phone = await signedIn();
    const laptop = await signedIn();
    const out = await phone.post("/web/logout", { _csrf: await phone.csrf() });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/^manabot_session=;/);
    expect((await phone.get("/web")).status).toBe(401);
    expect((await laptop.get("/web")).status).toBe(200);
  });
});
