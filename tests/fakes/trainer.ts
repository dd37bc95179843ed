import { createCanvas } from "@napi-rs/canvas";
import type { Address, Locale } from "../../src/core/conversation.ts";
import type { TrainerPort, TrainRequest } from "../../src/core/ports/trainer.ts";
import { text, type Reply } from "../../src/core/reply.ts";

/** A real 480×320 PNG, like the trainer's accuracy chart. */
export async function chartPng(): Promise<Uint8Array> {
  const canvas = createCanvas(480, 320);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, 480, 320);
  context.strokeStyle = "#1f77b4";
  context.beginPath();
  context.moveTo(20, 300);
  context.lineTo(460, 40);
  context.stroke();
  return new Uint8Array(await canvas.encode("png"));
}

/**
 * A trainer that, like the real one, answers `/train` at once and then reports through the conversation:
 * one progress update per epoch, the end, and the result (chart + summary).
 */
export class FakeTrainer implements TrainerPort {
  private readonly jobs: Promise<void>[] = [];

  constructor(
    private readonly png: Uint8Array,
    private readonly epochs = 10,
  ) {}

  async start(request: TrainRequest): Promise<Reply[]> {
    this.jobs.push(this.run(request));
    return [text(`🚀 学習を開始しました (${request.args || "既定の設定"})`)];
  }

  private async run({ conversation }: TrainRequest): Promise<void> {
    const key = "train-1";
    for (let epoch = 0; epoch < this.epochs; epoch += 1) {
      await conversation.send([
        {
          kind: "progress",
          key,
          text: `エポック ${epoch + 1}/${this.epochs}`,
          ratio: epoch / this.epochs,
          done: false,
        },
      ]);
    }
    await conversation.send([{ kind: "progress", key, text: "学習が終わりました", ratio: 1, done: true }]);
    await conversation.send([
      { kind: "image", png: this.png, alt: "精度グラフ: 訓練 99.1% / 検証 97.8%", filename: "train-1.png" },
      text("📊 テスト精度 97.8%"),
    ]);
  }

  async status(_owner: Address, _locale: Locale): Promise<Reply[]> {
    return [text("no jobs")];
  }
  async cancel(_owner: Address, _locale: Locale): Promise<Reply[]> {
    return [text("nothing to cancel")];
  }
  helpText(): string {
    return "dropout=0..0.9";
  }
  async whenIdle(): Promise<void> {
    await Promise.all(this.jobs);
  }
  async close(): Promise<void> {
    await this.whenIdle();
  }
}
