import { JSONParseError, SignatureValidationFailed } from "@line/bot-sdk";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";

export const SIGNATURE_HEADER = "x-line-signature";

/**
 * Whether `header` is exactly the signature LINE sends for `body`: the standard base64, with padding, of
 * HMAC-SHA256(channel secret, raw body). The SDK's check decodes the header leniently (Buffer's base64
 * skips stray characters, takes the URL-safe alphabet and stops at the first "="), so many spellings of
 * one MAC passed; comparing the canonical text leaves exactly one. Constant-time over equal lengths.
 */
export function isCanonicalSignature(body: Buffer, channelSecret: string, header: string): boolean {
  const expected = Buffer.from(createHmac("sha256", channelSecret).update(body).digest("base64"), "latin1");
  const given = Buffer.from(header, "latin1");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The webhook route's check, after `express.raw` has read the body: the one X-Line-Signature header must
 * be the canonical signature of the raw bytes; then the body is parsed as JSON into `req.body`. Failures
 * go to the error handler as the SDK's own errors, so each request still gets one response.
 */
export function verifyLineSignature(channelSecret: string): RequestHandler {
  if (!channelSecret) throw new Error("no channel secret");
  return (req: Request, _res: Response, next: NextFunction) => {
    const copies = req.headersDistinct[SIGNATURE_HEADER] ?? [];
    if (copies.length === 0) return next(new SignatureValidationFailed("no signature"));
    // Node joins repeated headers with ", "; a second copy is never LINE's, whichever copy is valid.
    if (copies.length > 1) return next(new SignatureValidationFailed("more than one signature header"));
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!isCanonicalSignature(body, channelSecret, copies[0] ?? ""))
      return next(new SignatureValidationFailed("signature validation failed"));
    try {
      req.body = JSON.parse(body.toString("utf8"));
    } catch (error) {
      return next(new JSONParseError(error instanceof Error ? error.message : "invalid JSON"));
    }
    next();
  };
}
