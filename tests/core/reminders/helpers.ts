import type { Address, Pusher } from "../../../src/core/conversation.ts";
import type { Reply } from "../../../src/core/reply.ts";
import type { FakeClock } from "../../helpers/core.ts";

export interface Pushed {
  to: Address;
  replies: Reply[];
  /** The fake clock's time when the push happened. */
  at: string;
}

/** A pusher that records what it was asked to send, and when by the fake clock. */
export class RecordingPusher implements Pusher {
  readonly pushed: Pushed[] = [];
  /** When set, pushes wait for this promise (a slow platform). */
  gate?: Promise<void>;
  failWith?: Error;

  constructor(private readonly clock: FakeClock) {}

  async push(to: Address, replies: Reply[]): Promise<void> {
    const at = this.clock.now().toISOString();
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    this.pushed.push({ to, replies, at });
  }
}

/** Moves the clock from `from` to `to` (inclusive) in steps, ticking at each. */
export async function walkClock(
  clock: FakeClock,
  tick: () => Promise<unknown>,
  from: string,
  to: string,
  stepMinutes = 1,
): Promise<void> {
  const end = new Date(to).getTime();
  for (let time = new Date(from).getTime(); time <= end; time += stepMinutes * 60_000) {
    clock.set(new Date(time));
    await tick();
  }
}
