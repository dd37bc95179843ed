import type { FakeTrainer } from "../../fakes/trainer.ts";

/** A button as a user sees it: its label, and the command line a tap sends back. */
export interface SeenButton {
  label: string;
  action: string;
}

/** What the user saw of the bot's answer on one platform, read from what the adapter sent there. */
export interface Seen {
  /** Every text they read, joined: messages, embeds, prompts, progress lines. */
  text: string;
  /** Buttons they can still tap. */
  buttons: SeenButton[];
  /** Images they got, as the PNG bytes delivered. */
  images: Uint8Array[];
}

/** One user's direct chat with the bot through a real adapter, against the platform's fake. */
export interface ContractChat {
  /** Sends a typed command line (on Discord, the slash command a member fills in for it). */
  say(line: string): Promise<Seen>;
  /** Taps a button seen earlier, even one tapped before. */
  tap(button: SeenButton): Promise<Seen>;
  /** Waits for background work (training) to end: everything seen since the last `say` or `tap`. */
  afterWork(): Promise<Seen>;
  close(): Promise<void>;
}

/** How the contract suite drives one platform: a chat on a fresh core with the given trainer. */
export interface ContractDriver {
  platform: string;
  start(trainer: FakeTrainer): Promise<ContractChat>;
}

export const seen = (parts: Partial<Seen>[]): Seen => ({
  text: parts.map((part) => part.text ?? "").join("\n"),
  buttons: parts.flatMap((part) => part.buttons ?? []),
  images: parts.flatMap((part) => part.images ?? []),
});
