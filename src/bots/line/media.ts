import { createCanvas, loadImage } from "@napi-rs/canvas";
import type { Request, Response } from "express";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../core/logger.ts";

export interface HostedImage {
  originalUrl: string;
  previewUrl: string;
}

/** LINE shows previews small; a bounded size keeps them well under its 1 MB preview limit. */
const PREVIEW_MAX_SIDE = 240;
/** 128 random bits as hex: unguessable, and the only shape a file name can take (no path traversal). */
const MEDIA_FILE = /^([0-9a-f]{32})(-preview)?\.png$/;

/** LINE refuses a whole request that holds an image message with a non-HTTPS URL, text and all. */
export const isHostableBaseUrl = (url: string | undefined): url is string =>
  url !== undefined && url.toLowerCase().startsWith("https://");

/**
 * Keeps generated charts on disk and serves them at unguessable URLs, since LINE only takes images by
 * HTTPS URL. Without an HTTPS public base URL nothing can be hosted, and replies fall back to text.
 */
export class MediaStore {
  private readonly publicBaseUrl: string | undefined;

  constructor(
    private readonly dir: string,
    publicBaseUrl: string | undefined,
    private readonly logger: Logger,
  ) {
    this.publicBaseUrl = isHostableBaseUrl(publicBaseUrl) ? publicBaseUrl : undefined;
  }

  get canHost(): boolean {
    return this.publicBaseUrl !== undefined;
  }

  /** Saves the PNG and a smaller preview; returns their public URLs. */
  async save(png: Uint8Array): Promise<HostedImage> {
    if (!this.publicBaseUrl) throw new Error("no HTTPS PUBLIC_BASE_URL; images cannot be hosted");
    const id = randomBytes(16).toString("hex");
    await mkdir(this.dir, { recursive: true });
    await writeFile(join(this.dir, `${id}.png`), png);
    await writeFile(join(this.dir, `${id}-preview.png`), await previewOf(png));
    return {
      originalUrl: `${this.publicBaseUrl}/media/${id}.png`,
      previewUrl: `${this.publicBaseUrl}/media/${id}-preview.png`,
    };
  }

  /** `GET /media/:file` — the PNG, or 404 for anything that is not a stored image's name. */
  readonly serve = async (req: Request, res: Response): Promise<void> => {
    const file = req.params.file;
    if (typeof file !== "string" || !MEDIA_FILE.test(file)) {
      res.status(404).type("text/plain").send("not found");
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(join(this.dir, file));
    } catch (error) {
      if (!isNotFound(error)) this.logger.error({ err: error, file }, "LINE media: could not read an image");
      res.status(404).type("text/plain").send("not found");
      return;
    }
    res
      .status(200)
      .set({
        "Content-Type": "image/png",
        "Cache-Control": "public, max-age=86400",
        "X-Content-Type-Options": "nosniff",
      })
      .send(body);
  };

  /** Deletes stored images last written before `before`. Returns how many files went. */
  async removeOlderThan(before: Date): Promise<number> {
    let files: string[];
    try {
      files = await readdir(this.dir);
    } catch (error) {
      if (isNotFound(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const file of files) {
      if (!MEDIA_FILE.test(file)) continue;
      const path = join(this.dir, file);
      const info = await stat(path).catch(() => undefined);
      if (!info || info.mtime >= before) continue;
      await rm(path, { force: true });
      removed += 1;
    }
    return removed;
  }
}

async function previewOf(png: Uint8Array): Promise<Buffer> {
  const image = await loadImage(Buffer.from(png));
  const scale = Math.min(1, PREVIEW_MAX_SIDE / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const canvas = createCanvas(width, height);
  canvas.getContext("2d").drawImage(image, 0, 0, width, height);
  return canvas.encode("png");
}

const isNotFound = (error: unknown): boolean =>
  typeof error === "object" &&
  error !== null &&
  "code" in error &&
  (error.code === "ENOENT" || error.code === "ENOTDIR");
