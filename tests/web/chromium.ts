import chromium from "@sparticuz/chromium";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium as playwright, type Browser } from "playwright-core";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PACKAGE = join(ROOT, "node_modules", "@sparticuz", "chromium", "package.json");
const VERSION = (JSON.parse(readFileSync(PACKAGE, "utf8")) as { version: string }).version;

/**
 * The Chromium the browser tests drive: MANABOT_CHROMIUM when set (Debian's /usr/bin/chromium, say), else
 * the build shipped inside the @sparticuz/chromium npm package, which `npm ci` installs on any x64 Linux
 * with nothing else to download. It is unpacked once into node_modules/.cache (not the shared /tmp), and
 * marked ready only once whole, so an unpacking cut short is done again instead of used.
 */
export async function chromiumPath(): Promise<string> {
  const own = process.env.MANABOT_CHROMIUM;
  if (own) return own;
  const dir = join(ROOT, "node_modules", ".cache", `manabot-chromium-${VERSION}`);
  const marker = join(dir, "ready");
  if (existsSync(marker)) {
    const path = readFileSync(marker, "utf8");
    if (existsSync(path)) return path;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The package unpacks into os.tmpdir(), which follows TMPDIR.
  const tmp = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    const path = await chromium.executablePath();
    writeFileSync(marker, path);
    return path;
  } finally {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  }
}

/**
 * Flags for a headless Chromium on a machine whose network is closed: no GPU, no sandbox (tests run as
 * root), and none of the background connections to Google that would be refused.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export async function launchChromium(executablePath: string): Promise<Browser> {
  return playwright.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
