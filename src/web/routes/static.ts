import express, { Router, type Response } from "express";
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const require = createRequire(import.meta.url);
const gzipAsync = promisify(gzip);

/** Our own scripts and stylesheet (src/web/static). */
export const STATIC_DIR = fileURLToPath(new URL("../static/", import.meta.url));

/** Third-party files served from our installed copies: nothing is fetched from elsewhere at run time. */
const VENDOR: Record<string, { file: string; type: string }> = {
  // chart.js exports no path to its UMD build: it sits beside the CommonJS entry in dist/.
  "vendor/chart.umd.min.js": {
    file: join(dirname(require.resolve("chart.js")), "chart.umd.min.js"),
    type: "text/javascript",
  },
  "fonts/noto-sans-jp-400.ttf": {
    file: require.resolve("@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf"),
    type: "font/ttf",
  },
};

const DAY_SECONDS = 24 * 60 * 60;

/** /web/static/…: files that hold no learner data, so they may be cached. */
export function staticRoutes(): Router {
  const router = Router();
  const compressed = new Map<string, Promise<Buffer>>();

  router.use("/static", express.static(STATIC_DIR, { maxAge: "1h", index: false, fallthrough: true }));
  for (const [path, vendor] of Object.entries(VENDOR)) {
    router.get(`/static/${path}`, async (req, res: Response, next) => {
      try {
        res.setHeader("Cache-Control", `public, max-age=${7 * DAY_SECONDS}`);
        res.type(vendor.type);
        res.vary("Accept-Encoding");
        if (!req.acceptsEncodings("gzip")) return res.sendFile(vendor.file);
        // Compressed once, on first use (the Japanese font is 5 MB, 3 MB gzipped).
        let body = compressed.get(path);
        if (!body) {
          body = readFile(vendor.file).then((raw) => gzipAsync(raw));
          compressed.set(path, body);
          body.catch(() => compressed.delete(path));
        }
        res.setHeader("Content-Encoding", "gzip");
        res.send(await body);
      } catch (error) {
        next(error);
      }
    });
  }
  return router;
}
