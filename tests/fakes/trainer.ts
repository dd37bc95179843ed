import { createCanvas } from "@napi-rs/canvas";
import type { Address, Locale } from "../../src/core/conversation.ts";
import type { TrainerPort, TrainRequest } from "../../src/core/ports/trainer.ts";
import { text, type Reply } from "../../src/core/reply.ts";
import { parseTrainArgs, type TrainParams } from "../../src/trainer/params.ts";

/** A real 480×320 PNG, like the trainer's accuracy chart: white, with one blue rising line. */
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

export const CHART_ALT = "精度グラフ: 訓練 99.1% / 検証 97.8%";
export const RESULT_TEXT = "📊 テスト精度 97.8%";

export interface FakeTrainerOptions {
  /** The chart every job ends with. */
  png: Uint8Array;
  /** Each job waits after its first epoch until `release()` lets it go on. */
  gated?: boolean;
}

/**
 * The one fake of the TrainerPort. It reads parameters with the real parser (so it refuses what the real
 * trainer refuses), answers `/train` at once, then reports through the conversation in the real trainer's
 * shape: one progress key per job, an update per epoch (`エポック 3/8`, as many epochs as asked), a last
 * update marked done, then the chart and a result line. No training happens.
 */
export class FakeTrainer implements TrainerPort<TrainParams> {
  readonly png: Uint8Array;
  private readonly gated: boolean;
  private readonly jobs: Promise<void>[] = [];
  private readonly gates: (() => void)[] = [];
  private statusGate: Promise<void> | undefined;
  private openStatus: (() => void) | undefined;
  private count = 0;

  constructor(options: FakeTrainerOptions) {
    this.png = options.png;
    this.gated = options.gated ?? false;
  }

  /** A fake with the chart of `chartPng()`. */
  static async create(options: Omit<FakeTrainerOptions, "png"> = {}): Promise<FakeTrainer> {
    return new FakeTrainer({ png: await chartPng(), ...options });
  }

  readParams(args: string): TrainParams {
    return parseTrainArgs(args);
  }

  async start(request: TrainRequest<TrainParams>): Promise<Reply[]> {
    const job = ++this.count;
    const gate = this.gated ? new Promise<void>((resolve) => this.gates.push(resolve)) : undefined;
    this.jobs.push(this.run(job, request, gate));
    return [text(`🧪 ジョブ #${job} を開始しました(エポック ${request.params.epochs})`)];
  }

  private async run(job: number, request: TrainRequest<TrainParams>, gate?: Promise<void>): Promise<void> {
    const { conversation, params } = request;
    const key = `train-${job}`;
    for (let epoch = 1; epoch <= params.epochs; epoch += 1) {
      const ratio = epoch / params.epochs;
      await conversation.send([
        { kind: "progress", key, text: `エポック ${epoch}/${params.epochs}`, ratio, done: false },
      ]);
      if (epoch === 1) await gate;
    }
    await conversation.send([{ kind: "progress", key, text: "学習が終わりました", ratio: 1, done: true }]);
    await conversation.send([
      { kind: "image", png: this.png, alt: CHART_ALT, filename: `${key}.png` },
      text(`${RESULT_TEXT}(ジョブ #${job})`),
    ]);
  }

  /** Lets the oldest job waiting after its first epoch go on. */
  release(): void {
    this.gates.shift()?.();
  }

  /** Makes /train status slow until `releaseStatus`. */
  holdStatus(): void {
    this.statusGate = new Promise((resolve) => (this.openStatus = resolve));
  }

  releaseStatus(): void {
    this.openStatus?.();
  }

  async status(_owner: Address, _locale: Locale): Promise<Reply[]> {
    await this.statusGate;
    return [text("待機中のジョブはありません")];
  }

  async cancel(_owner: Address, _locale: Locale, _jobId?: number): Promise<Reply[]> {
    return [text("取り消すジョブはありません")];
  }

  helpText(): string {
    return "dropout=0..0.9";
  }

  async whenIdle(): Promise<void> {
    while (this.jobs.length > 0) await Promise.all(this.jobs.splice(0));
  }

  async close(): Promise<void> {
    for (const release of this.gates.splice(0)) release();
    this.releaseStatus();
    await this.whenIdle();
  }
}
