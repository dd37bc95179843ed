import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { dashboardFromSettings, type QueueDashboard } from "../../src/http/admin-queues.ts";
import { startHttpServer, type HttpServer } from "../../src/http/server.ts";
import { RecordingLogger } from "../helpers/logger.ts";
import { cleanRedis, requireRedis, testRedis } from "../helpers/redis.ts";

const TOKEN = "operators-only-4f1c9a7e2b";

describe("the queue dashboard (Bull Board) at /admin/queues", () => {
  let http: HttpServer | undefined;
  let dashboard: QueueDashboard | undefined;
  const redis = testRedis();

  beforeAll(() => requireRedis());
  afterEach(async () => {
    await dashboard?.close();
    await http?.close();
    await cleanRedis(redis.prefix);
  });

  const start = async (token: string | undefined) => {
    const logger = new RecordingLogger();
    http = await startHttpServer({ port: 0, host: "127.0.0.1" }, logger);
    dashboard = dashboardFromSettings(http, { token, redis, logger });
    return http;
  };
  const get = (server: HttpServer, path: string, authorization?: string) =>
    fetch(`${server.url}${path}`, authorization ? { headers: { authorization } } : {});

  it("answers 401 without the token, or with a wrong one", async () => {
    const server = await start(TOKEN);
    for (const authorization of [
      undefined,
      "Bearer nope",
      `Bearer ${TOKEN}x`,
      "Basic " + btoa("admin:nope"),
    ]) {
      const response = await get(server, "/admin/queues", authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    }
  });

  it("shows the training queue to a bearer of the token (a browser gives it as the Basic password)", async () => {
    const server = await start(TOKEN);
    const page = await get(server, "/admin/queues", `Bearer ${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const api = await get(server, "/admin/queues/api/queues", "Basic " + btoa(`admin:${TOKEN}`));
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((queue) => queue.name)).toEqual(["train"]);
  });

  it("does not exist without MANABOT_ADMIN_TOKEN", async () => {
    const server = await start(undefined);
    expect((await get(server, "/admin/queues", `Bearer ${TOKEN}`)).status).toBe(404);
    expect((await get(server, "/healthz")).status).toBe(200);
  });
});
