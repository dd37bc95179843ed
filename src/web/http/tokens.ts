import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A random secret for a link or a session: 256 bits, URL-safe. */
export const newToken = (): string => randomBytes(32).toString("base64url");

/** What the database keeps of a token. */
export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/**
 * The session's CSRF token, derived from the session token (which only the cookie holds), so nothing more
 * is stored and a page of one session is useless to another.
 */
export const csrfFor = (sessionToken: string): string =>
  createHmac("sha256", sessionToken).update("manabot csrf").digest("base64url");

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Link tokens as we make them; anything else is refused before the database is asked. */
export const looksLikeToken = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);
