import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isUserError } from "../../src/core/errors.ts";
import {
  DEFAULTS,
  LESSON_PROTOCOL_ARGS,
  TRAIN_KEYS,
  TrainArgsError,
  parseTrainArgs,
} from "../../src/trainer/params.ts";

function errorOf(text: string): TrainArgsError {
  try {
    parseTrainArgs(text);
  } catch (error) {
    if (error instanceof TrainArgsError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe("parseTrainArgs", () => {
  it("returns the defaults for an empty argument string", () => {
    expect(parseTrainArgs("")).toEqual(DEFAULTS);
    expect(parseTrainArgs("   ")).toEqual(DEFAULTS);
  });

  it("spreads one dropout rate over the three hidden layers", () => {
    expect(parseTrainArgs("dropout=0.3").dropout).toEqual([0.3, 0.3, 0.3]);
  });

  it("accepts one dropout rate per layer", () => {
    expect(parseTrainArgs("dropout=0.5,0.4,0.3").dropout).toEqual([0.5, 0.4, 0.3]);
  });

  it("accepts the lesson's full protocol", () => {
    const params = parseTrainArgs(LESSON_PROTOCOL_ARGS);
    expect(params).toMatchObject({ epochs: 20, batch: 128, samples: 60_000, compare: true });
    expect(params.dropout).toEqual([0.5, 0.5, 0.3]);
  });

  it("parses every key", () => {
    const params = parseTrainArgs(
      "epochs=3 batch=64 samples=6000 optimizer=RMSprop lr=0.01 batchnorm=on compare=off seed=7",
    );
    expect(params).toEqual({
      ...DEFAULTS,
      epochs: 3,
      batch: 64,
      samples: 6000,
      optimizer: "rmsprop",
      lr: 0.01,
      batchnorm: true,
      compare: false,
      seed: 7,
    });
  });

  it("reads full-width input typed with a Japanese IME", () => {
    expect(parseTrainArgs("ｅｐｏｃｈｓ＝５　dropout＝０．２")).toMatchObject({
      epochs: 5,
      dropout: [0.2, 0.2, 0.2],
    });
  });

  it("treats a bare switch as on", () => {
    expect(parseTrainArgs("compare batchnorm")).toMatchObject({ compare: true, batchnorm: true });
  });

  it("reads the settings' Japanese names, with =, a particle, a space or nothing before the value", () => {
    const english = parseTrainArgs(
      "dropout=0.5 epochs=5 batch=64 samples=20000 lr=0.01 optimizer=sgd seed=7",
    );
    expect(
      parseTrainArgs(
        "ドロップアウト=0.5 エポック5 バッチ 64 サンプル数は20000 学習率を0.01 最適化=sgd シード:7",
      ),
    ).toEqual(english);
    expect(
      parseTrainArgs(
        "ドロップアウト率０．５ エポック数５ バッチサイズ６４ 枚数20000 学習率0.01 オプティマイザ sgd 乱数シード7",
      ),
    ).toEqual(english);
    expect(parseTrainArgs("ドロップアウト0.5、0.4、0.3").dropout).toEqual([0.5, 0.4, 0.3]);
    expect(parseTrainArgs("dropout 0.4 epochs 3")).toMatchObject({ dropout: [0.4, 0.4, 0.4], epochs: 3 });
  });

  it("reads a colon and a space before the value, and a value asked for (「0.3にして」「比較して」)", () => {
    expect(parseTrainArgs("ドロップアウト： 0.5 エポック: 3")).toMatchObject({
      dropout: [0.5, 0.5, 0.5],
      epochs: 3,
    });
    expect(parseTrainArgs("dropout: 0.3")).toMatchObject({ dropout: [0.3, 0.3, 0.3] });
    expect(parseTrainArgs("ドロップアウト0.3にして 比較して")).toMatchObject({
      dropout: [0.3, 0.3, 0.3],
      compare: true,
    });
  });

  it("reads Japanese switches: a bare 「比較」, 「比較あり」, 「バッチ正規化 なし」", () => {
    expect(parseTrainArgs("ドロップアウト0.3 比較")).toMatchObject({
      compare: true,
      dropout: [0.3, 0.3, 0.3],
    });
    expect(parseTrainArgs("比較あり バッチ正規化 オン")).toMatchObject({ compare: true, batchnorm: true });
    expect(parseTrainArgs("比較 なし バッチ正規化オフ")).toMatchObject({ compare: false, batchnorm: false });
    expect(parseTrainArgs("compare on")).toMatchObject({ compare: true });
    // The word after a bare switch is its own setting when it is one.
    expect(parseTrainArgs("比較 ドロップアウト0.2")).toMatchObject({
      compare: true,
      dropout: [0.2, 0.2, 0.2],
    });
  });

  it("never guesses at Japanese it cannot read: it names the setting and the value it could not take", () => {
    expect(errorOf("エポック").userMessage.ja).toContain("エポック には値が必要です(例: epochs=");
    expect(errorOf("エポック たくさん").userMessage.ja).toContain("たくさん");
    expect(errorOf("エポック5 エポック数6").userMessage.ja).toContain("epochs が 2 回指定されています");
    expect(errorOf("ドロップ=0.3").userMessage.ja).toContain("もしかして dropout(ドロップアウト)ですか?");
    const unknown = errorOf("温度=3").userMessage.ja;
    expect(unknown).toContain("不明な設定「温度」");
    expect(unknown).toContain("dropout(ドロップアウト), epochs(エポック)");
    expect(errorOf("比較 5").userMessage.ja).toContain("compare は on か off です");
    // 「バッチ数」 (the number of batches) is not the batch size: refused, never read as batch=10.
    expect(errorOf("バッチ数 10").userMessage.ja).toContain("batch=数 は使えません");
    // Values are looked up as own entries only: "toString" is a bad number, not Object.prototype's function.
    expect(errorOf("epochs=toString").userMessage.en).toContain("epochs=toString is not allowed");
    expect(errorOf("compare=constructor").userMessage.en).toContain("compare must be on or off");
  });

  it("suggests the closest key for a typo", () => {
    const error = errorOf("dropuot=0.3");
    expect(error.code).toBe("train.args");
    expect(error.userMessage.en).toContain("Did you mean: dropout?");
    expect(error.userMessage.ja).toContain("もしかして dropout(ドロップアウト)ですか?");
    expect(errorOf("epoch=3").userMessage.en).toContain("epochs");
    expect(errorOf("batch_size=3").userMessage.en).toContain("batch");
  });

  it("lists the known keys when nothing is close", () => {
    expect(errorOf("zzzzzz=1").userMessage.en).toContain(TRAIN_KEYS.join(", "));
  });

  it.each([
    ["dropout=0.95", "0 to 0.9"],
    ["dropout=-0.1", "0 to 0.9"],
    ["dropout=0.5,0.4", "one rate"],
    ["epochs=0", "from 1 to 30"],
    ["epochs=31", "from 1 to 30"],
    ["epochs=2.5", "whole number"],
    ["batch=4", "from 8 to 1024"],
    ["samples=60001", "from 100 to 60000"],
    ["lr=0", "0.00001 to 1"],
    ["lr=abc", "0.00001 to 1"],
    ["seed=-1", "from 0 to"],
    ["batchnorm=maybe", "on or off"],
  ])("rejects %s with the allowed range", (text, expected) => {
    expect(errorOf(text).userMessage.en).toContain(expected);
  });

  it("suggests an optimizer for a typo", () => {
    expect(errorOf("optimizer=adma").userMessage.en).toContain("Did you mean: adam?");
  });

  it("reads a dropout list typed with Japanese commas", () => {
    expect(parseTrainArgs("dropout=0.5、0.4、0.3").dropout).toEqual([0.5, 0.4, 0.3]);
  });

  it("refuses compare=on without dropout to compare", () => {
    expect(errorOf("compare=on dropout=0").userMessage.ja).toContain("dropout を 0 より大きく");
    expect(errorOf("dropout=0,0,0 compare").userMessage.en).toContain("give a dropout above 0");
    expect(parseTrainArgs("compare=on dropout=0,0.2,0").compare).toBe(true);
  });

  it("rejects a key given twice and a key without a value", () => {
    expect(errorOf("epochs=2 epochs=3").userMessage.en).toContain("twice");
    expect(errorOf("epochs").userMessage.en).toContain("needs a value");
  });

  it("never throws anything but its own error on random input", () => {
    const token = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(...TRAIN_KEYS).chain((key) =>
        fc.oneof(
          fc.string({ maxLength: 12 }).map((value) => `${key}=${value}`),
          fc.double().map((value) => `${key}=${value}`),
          fc.integer().map((value) => `${key}=${value}`),
        ),
      ),
    );
    const argLine = fc.oneof(
      fc.string({ maxLength: 80, unit: "grapheme" }),
      fc.array(token, { maxLength: 6 }).map((tokens) => tokens.join(" ")),
    );
    fc.assert(
      fc.property(argLine, (text) => {
        try {
          const params = parseTrainArgs(text);
          expect(params.epochs).toBeGreaterThanOrEqual(1);
          expect(params.dropout.every((rate) => rate >= 0 && rate <= 0.9)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(TrainArgsError);
          expect(isUserError(error)).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
