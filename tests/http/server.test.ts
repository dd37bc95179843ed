import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.ts";
import { readHttpConfig } from "../../src/http/config.ts";
import { startHttpServer, type HttpServer } from "../../src/http/server.ts";
import { silentLogger } from "../../src/core/logger.ts";

describe("HTTP configuration", () => {
  it("defaults to port 3000 on every interface, and reads PUBLIC_BASE_URL without its trailing slash", () => {
    expect(readHttpConfig({})).toEqual({ port: 3000 });
    expect(
      readHttpConfig({ PORT: "8080", HOST: "127.0.0.1", PUBLIC_BASE_URL: "https://bot.example.com/" }),
    ).toEqual({ port: 8080, host: "127.0.0.1", publicBaseUrl: "https://bot.example.com" });
  });

  it("reads an empty PORT as unset, and only digits as a port", () => {
    expect(readHttpConfig({ PORT: "" }).port).toBe(3000);
    expect(readHttpConfig({ PORT: "  " }).port).toBe(3000);
    expect(readHttpConfig({ PORT: "0" }).port).toBe(0);
    for (const bad of ["0x50", "1e3", "-1", "65536", "3000.5", "http"]) {
      expect(() => readHttpConfig({ PORT: bad }), bad).toThrow(/PORT/);
    }
    expect(() => readHttpConfig({ PUBLIC_BASE_URL: "bot.example.com" })).toThrow(ConfigError);
  });
});

describe("the HTTP server", () => {
  const started: HttpServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  const start = async (publicBaseUrl?: string): Promise<HttpServer> => {
    const server = await startHttpServer(
      { port: 0, host: "127.0.0.1", ...(publicBaseUrl ? { publicBaseUrl } : {}) },
      silentLogger,
    );
    started.push(server);
    return server;
  };

  it("answers /healthz, and 503 once shutdown has begun", async () => {
    const http = await start();
    const response = await fetch(`${http.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    http.stopIntake();
    expect((await fetch(`${http.url}/healthz`)).status).toBe(503);
  });

  it("is reached at PUBLIC_BASE_URL when set, else at localhost on the port it took", async () => {
    const local = await start();
    const port = new URL(local.url).port;
    expect(local.baseUrl).toBe(`http://localhost:${port}`);
    expect(local.publicBaseUrl).toBeUndefined();
    const hosted = await start("https://bot.example.com");
    expect(hosted.baseUrl).toBe("https://bot.example.com");
  });

  it("serves routes mounted after it started listening", async () => {
    const http = await start();
    http.app.get("/late", (_req, res) => {
      res.type("text/plain").send("mounted later");
    });
    expect(await (await fetch(`${http.url}/late`)).text()).toBe("mounted later");
  });

  it("refuses a port that is taken, so the caller can decide what to do", async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    await expect(startHttpServer({ port, host: "127.0.0.1" }, silentLogger)).rejects.toThrow(/EADDRINUSE/);
  });
});
