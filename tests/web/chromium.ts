import chromium from "@sparticuz/chromium";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
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
    const path = recordedChromium(dir, readFileSync(marker, "utf8"));
    if (path) return path;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The package unpacks into os.tmpdir(), which follows TMPDIR.
  const tmp = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    const path = await chromium.executablePath();
    // Relative, so a node_modules copied to another checkout still finds its own copy.
    writeFileSync(marker, relative(dir, path));
    return path;
  } finally {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  }
}

/**
 * The executable a ready marker in `dir` records (relative to `dir`, or absolute as markers once were), when
 * it is a file inside `dir`; else undefined, and Chromium is unpacked again. A node_modules copied from
 * another checkout carries a marker naming that checkout's Chromium, which may be gone or change under us.
 */
export function recordedChromium(dir: string, recorded: string): string | undefined {
  const path = resolve(dir, recorded.trim());
  const inside = relative(resolve(dir), path);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    return undefined;
  return statSync(path, { throwIfNoEntry: false })?.isFile() ? path : undefined;
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
