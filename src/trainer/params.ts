import { ArgumentError } from "../core/errors.ts";
import type { Localized } from "../core/i18n.ts";
import { clipGraphemes } from "../core/text/graphemes.ts";
import { closest } from "../core/text/suggest.ts";
import { JAPANESE_KEYS, keyNamed, readSettings } from "./param-words.ts";

export const OPTIMIZERS = ["adam", "sgd", "rmsprop"] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** One training job's settings, fully resolved (defaults filled in). */
export interface TrainParams {
  /** Dropout rate after each of the three hidden layers (512, 256, 128). */
  dropout: [number, number, number];
  epochs: number;
  batch: number;
  /** How many of the 60,000 training images to use (20% of them become the validation set). */
  samples: number;
  optimizer: OptimizerName;
  lr: number;
  batchnorm: boolean;
  /** Also train the same model without dropout and draw both runs. */
  compare: boolean;
  /** Fixed seed: makes the run repeatable and lets an identical request reuse a stored result. */
  seed: number | null;
}

export const TRAIN_KEYS = [
  "dropout",
  "epochs",
  "batch",
  "samples",
  "optimizer",
  "lr",
  "batchnorm",
  "compare",
  "seed",
] as const;
export type TrainKey = (typeof TRAIN_KEYS)[number];

/** Bounds on everything that costs time or memory. */
export const BOUNDS = {
  dropout: { min: 0, max: 0.9 },
  epochs: { min: 1, max: 30 },
  batch: { min: 8, max: 1024 },
  samples: { min: 100, max: 60_000 },
  lr: { min: 1e-5, max: 1 },
  seed: { min: 0, max: 2_147_483_647 },
} as const;

/**
 * Defaults sized so that `/train dropout=0.3` finishes well within 60 s on a 2-core machine on the wasm
 * fallback (~30 s measured: 8,000 training images × 8 epochs at ~2,400 samples/s; see `npm run bench:train`). The lesson's full protocol is
 * `/train epochs=20 batch=128 samples=60000 compare=on dropout=0.5,0.5,0.3`.
 */
export const DEFAULTS: TrainParams = {
  dropout: [0.3, 0.3, 0.3],
  epochs: 8,
  batch: 128,
  samples: 10_000,
  optimizer: "adam",
  lr: 0.001,
  batchnorm: false,
  compare: false,
  seed: null,
};

export const LESSON_PROTOCOL_ARGS = "epochs=20 batch=128 samples=60000 compare=on dropout=0.5,0.5,0.3";

/** The parser's own error: an ArgumentError with code "train.args" and a message in both languages. */
export class TrainArgsError extends ArgumentError {
  constructor(message: Localized) {
    super("train.args", message);
    this.name = "TrainArgsError";
  }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const ON = new Set(["on", "true", "yes", "1"]);
const OFF = new Set(["off", "false", "no", "0"]);

/**
 * Parses `key=value` tokens (everything after `/train`) into resolved parameters. Full-width input
 * (ｅｐｏｃｈｓ＝５) is accepted; a bare `compare` or `batchnorm` means `=on`. Throws TrainArgsError only.
 */
export function parseTrainArgs(text: string): TrainParams {
  const params: TrainParams = { ...DEFAULTS, dropout: [...DEFAULTS.dropout] };
  const seen = new Set<TrainKey>();
  for (const setting of readSettings(text.normalize("NFKC"))) {
    const key = asKey(setting.rawKey);
    if (seen.has(key)) {
      throw new TrainArgsError({ ja: `${key} が 2 回指定されています。`, en: `${key} is given twice.` });
    }
    seen.add(key);
    if (setting.value === undefined && key !== "compare" && key !== "batchnorm") {
      throw new TrainArgsError({
        ja: `${clipGraphemes(setting.rawKey, 30)} には値が必要です(例: ${example(key)})。`,
        en: `${key} needs a value (e.g. ${example(key)}).`,
      });
    }
    const value = setting.value ?? "on";
    applyValue(params, key, value);
  }
  if (params.compare && params.dropout.every((rate) => rate === 0)) {
    throw new TrainArgsError({
      ja: "compare=on はドロップアウトありの学習となしの学習を比べます。dropout を 0 より大きくしてください(例: dropout=0.3 compare=on)。",
      en: "compare=on compares training with dropout against training without it: give a dropout above 0 (e.g. dropout=0.3 compare=on).",
    });
  }
  return params;
}

function asKey(raw: string): TrainKey {
  const known = keyNamed(raw);
  if (known !== undefined) return known;
  const names = [...TRAIN_KEYS, ...TRAIN_KEYS.flatMap((key) => JAPANESE_KEYS[key])];
  const guessed = closest(raw.toLowerCase(), names);
  const guess = guessed === undefined ? undefined : keyNamed(guessed);
  const shown = clipGraphemes(raw, 30);
  const list = TRAIN_KEYS.join(", ");
  const japaneseList = TRAIN_KEYS.map((key) => `${key}(${JAPANESE_KEYS[key][0] ?? key})`).join(", ");
  throw new TrainArgsError(
    guess === undefined
      ? {
          ja: `不明な設定「${shown}」です。使える設定: ${japaneseList}`,
          en: `Unknown setting "${shown}". Known: ${list}`,
        }
      : {
          ja: `不明な設定「${shown}」です。もしかして ${guess}(${JAPANESE_KEYS[guess][0] ?? guess})ですか?`,
          en: `Unknown setting "${shown}". Did you mean: ${guess}?`,
        },
  );
}

function applyValue(params: TrainParams, key: TrainKey, value: string): void {
  switch (key) {
    case "dropout":
      params.dropout = parseDropout(value);
      return;
    case "epochs":
    case "batch":
    case "samples":
      params[key] = parseInteger(key, value, BOUNDS[key]);
      return;
    case "seed":
      params.seed = parseInteger(key, value, BOUNDS.seed);
      return;
    case "lr":
      params.lr = parseNumber(key, value, BOUNDS.lr);
      return;
    case "optimizer":
      params.optimizer = parseOptimizer(value);
      return;
    case "batchnorm":
    case "compare":
      params[key] = parseSwitch(key, value);
      return;
  }
}

function parseDropout(value: string): [number, number, number] {
  // 「、」 is how a Japanese keyboard types a comma (「，」 is already "," after NFKC).
  const parts = value.split(/[,、]/);
  if (parts.length !== 1 && parts.length !== 3) {
    throw new TrainArgsError({
      ja: `dropout は 1 つの値(0.3)か、層ごとの 3 つの値(0.5,0.4,0.3)で指定してください。`,
      en: `dropout takes one rate (0.3) or one per hidden layer (0.5,0.4,0.3).`,
    });
  }
  const rates = parts.map((part) => parseNumber("dropout", part, BOUNDS.dropout));
  const [first, second = first, third = first] = rates as [number, ...number[]];
  return [first, second, third];
}

function parseNumber(key: TrainKey, value: string, bounds: { min: number; max: number }): number {
  const number = NUMBER.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number < bounds.min || number > bounds.max) throw rangeError(key, value);
  return number;
}

function parseInteger(key: TrainKey, value: string, bounds: { min: number; max: number }): number {
  if (!INTEGER.test(value)) throw rangeError(key, value);
  return parseNumber(key, value, bounds);
}

function parseOptimizer(value: string): OptimizerName {
  const lower = value.toLowerCase();
  const known = OPTIMIZERS.find((name) => name === lower);
  if (known !== undefined) return known;
  const guess = closest(lower, OPTIMIZERS);
  const hint = guess === undefined ? "" : `もしかして ${guess} ですか?`;
  const hintEn = guess === undefined ? "" : ` Did you mean: ${guess}?`;
  throw new TrainArgsError({
    ja: `optimizer は ${OPTIMIZERS.join(" / ")} のどれかです(「${clip(value)}」)。${hint}`,
    en: `optimizer must be one of ${OPTIMIZERS.join(", ")} (got "${clip(value)}").${hintEn}`,
  });
}

function parseSwitch(key: TrainKey, value: string): boolean {
  const lower = value.toLowerCase();
  if (ON.has(lower)) return true;
  if (OFF.has(lower)) return false;
  throw new TrainArgsError({
    ja: `${key} は on か off です(「${clip(value)}」)。`,
    en: `${key} must be on or off (got "${clip(value)}").`,
  });
}

function rangeError(key: TrainKey, value: string): TrainArgsError {
  const range = describeRange(key);
  return new TrainArgsError({
    ja: `${key}=${clip(value)} は使えません。${range.ja}`,
    en: `${key}=${clip(value)} is not allowed. ${range.en}`,
  });
}

/** The allowed values of a key, in both languages. */
export function describeRange(key: TrainKey): Localized {
  switch (key) {
    case "dropout":
      return {
        ja: `dropout は 0〜0.9 の数(1 つ、または層ごとに 3 つ: 0.5,0.4,0.3)です。`,
        en: `dropout is a number from 0 to 0.9 (one, or three per layer: 0.5,0.4,0.3).`,
      };
    case "lr":
      return { ja: `lr は 0.00001〜1 の数です。`, en: `lr is a number from 0.00001 to 1.` };
    case "optimizer":
      return {
        ja: `optimizer は ${OPTIMIZERS.join(" / ")} です。`,
        en: `optimizer is ${OPTIMIZERS.join(", ")}.`,
      };
    case "batchnorm":
    case "compare":
      return { ja: `${key} は on / off です。`, en: `${key} is on or off.` };
    case "epochs":
    case "batch":
    case "samples":
    case "seed": {
      const { min, max } = BOUNDS[key];
      return {
        ja: `${key} は ${min}〜${max} の整数です。`,
        en: `${key} is a whole number from ${min} to ${max}.`,
      };
    }
  }
}

function example(key: TrainKey): string {
  const examples: Record<TrainKey, string> = {
    dropout: "dropout=0.3",
    epochs: "epochs=5",
    batch: "batch=128",
    samples: "samples=6000",
    optimizer: "optimizer=adam",
    lr: "lr=0.001",
    batchnorm: "batchnorm=on",
    compare: "compare=on",
    seed: "seed=42",
  };
  return examples[key];
}

function clip(value: string): string {
  return clipGraphemes(value, 20);
}
