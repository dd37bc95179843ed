import type { Locale, Platform } from "../conversation.ts";
import type { Account } from "./store.ts";

const PLATFORM_NAMES: Record<Platform, { ja: string; en: string }> = {
  discord: { ja: "Discord", en: "Discord" },
  line: { ja: "LINE", en: "LINE" },
  local: { ja: "ローカル", en: "local chat" },
};

export const platformName = (platform: Platform, locale: Locale): string => PLATFORM_NAMES[platform][locale];

/** 「Discord(alice)・LINE(あおい)← このアカウント」 */
export function describeAccounts(accounts: readonly Account[], locale: Locale, current?: number): string {
  const ja = locale === "ja";
  return accounts
    .map((account) => {
      const name = account.displayName ? (ja ? `(${account.displayName})` : ` (${account.displayName})`) : "";
      const here = account.id === current ? (ja ? "← このアカウント" : " ← this one") : "";
      return `${platformName(account.platform, locale)}${name}${here}`;
    })
    .join(ja ? "・" : ", ");
}
