import { withoutSettingRequest } from "../core/text/setting-request.ts";
import type { TrainKey } from "./params.ts";

/*
 * How learners write /train's settings: `dropout=0.3`, and in Japanese 「ドロップアウト=0.3」「ドロップアウト0.3」
 * 「ドロップアウト 0.3」「エポック数は5」「比較 あり」. Each token (or key-and-value pair of tokens) becomes one
 * key=value setting; the parser then reads it as it reads the English form, so nothing is guessed here.
 */

/** Japanese names of each setting; the first is the one help shows. */
export const JAPANESE_KEYS: Readonly<Record<TrainKey, readonly string[]>> = {
  dropout: ["ドロップアウト", "ドロップアウト率"],
  epochs: ["エポック", "エポック数"],
  batch: ["バッチ", "バッチサイズ"],
  samples: ["サンプル", "サンプル数", "枚数", "画像数"],
  optimizer: ["最適化", "オプティマイザ", "オプティマイザー", "最適化手法"],
  lr: ["学習率"],
  batchnorm: ["バッチ正規化"],
  compare: ["比較"],
  seed: ["シード", "乱数シード"],
};

/** Every name, longest first, so that 「ドロップアウト率0.3」 is not read as 「ドロップアウト」+「率0.3」. */
const NAMES: readonly { name: string; key: TrainKey }[] = (Object.keys(JAPANESE_KEYS) as TrainKey[])
  .flatMap((key) => [key, ...JAPANESE_KEYS[key]].map((name) => ({ name, key })))
  .sort((a, b) => b.name.length - a.name.length);

/** Japanese on/off words for compare and batchnorm. */
const SWITCH_WORDS: ReadonlyMap<string, "on" | "off"> = new Map([
  ["あり", "on"],
  ["有り", "on"],
  ["オン", "on"],
  ["する", "on"],
  ["して", "on"],
  ["はい", "on"],
  ["なし", "off"],
  ["無し", "off"],
  ["オフ", "off"],
  ["しない", "off"],
  ["いいえ", "off"],
]);

/** A particle between a Japanese name and its value: 「エポック数は5」「学習率を0.01」. */
const PARTICLE = /^[はをが:]/;

export interface Setting {
  /** The key as typed (known or not: the parser says which keys exist). */
  rawKey: string;
  /** undefined: typed without a value. */
  value: string | undefined;
}

/** The key of a name exactly as typed (case-insensitive for the English ones), if it is one. */
export function keyNamed(word: string): TrainKey | undefined {
  const lower = word.toLowerCase();
  return NAMES.find(({ name }) => name === lower)?.key;
}

/** Splits NFKC-normalised text into settings. */
export function readSettings(text: string): Setting[] {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const settings: Setting[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? "";
    const separator = token.search(/[=:]/);
    if (separator > 0) {
      // 「ドロップアウト： 0.5」 (an IME's colon, then a space): the value is the next word.
      const glued = token.slice(separator + 1);
      const next = tokens[i + 1];
      const spaced = glued === "" && next !== undefined && isValueWord(next);
      settings.push({ rawKey: token.slice(0, separator), value: switchValue(spaced ? next : glued) });
      if (spaced) i++;
      continue;
    }
    const glued = gluedSetting(token);
    if (glued !== undefined) {
      settings.push(glued);
      continue;
    }
    // 「ドロップアウト 0.3」「compare on」: a name, then its value as the next word.
    const next = tokens[i + 1];
    if (keyNamed(token) !== undefined && next !== undefined && isValueWord(next)) {
      settings.push({ rawKey: token, value: switchValue(next) });
      i++;
      continue;
    }
    settings.push({ rawKey: token, value: undefined });
  }
  return settings;
}

/** 「ドロップアウト0.3」「エポック数は5」「比較あり」: a Japanese name with its value attached. */
function gluedSetting(token: string): Setting | undefined {
  for (const { name } of NAMES) {
    if (token === name) return undefined;
    if (/^[a-z]/.test(name) || !token.startsWith(name)) continue;
    const value = token.slice(name.length).replace(PARTICLE, "");
    if (value === "" || keyNamed(value) !== undefined) return undefined;
    return { rawKey: name, value: switchValue(value) };
  }
  return undefined;
}

/** A word that is not itself a setting: a value for the name before it. */
function isValueWord(word: string): boolean {
  return keyNamed(word) === undefined && !/[=:]/.test(word) && gluedSetting(word) === undefined;
}

/** The value as the parser reads it: 「0.3にして」 → 0.3, 「あり」 → on. */
function switchValue(typed: string): string {
  const value = withoutSettingRequest(typed);
  return SWITCH_WORDS.get(value) ?? value;
}
