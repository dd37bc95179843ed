import { alice, buttonTap, type RecordedCall } from "../../fakes/discord/index.ts";
import {
  buttonsOf,
  commandFor,
  isCallbackOf,
  startHarness,
  textOfBody,
  type Harness,
} from "../discord/harness.ts";
import { seen, type ContractChat, type ContractDriver, type Seen } from "./driver.ts";

/** What the bot sent: interaction callbacks, webhook messages and edits, channel posts that Discord took. */
const isDelivery = (call: RecordedCall): boolean =>
  call.method !== "GET" &&
  call.status < 300 &&
  (call.path.startsWith("/interactions/") ||
    call.path.startsWith("/webhooks/") ||
    call.path.startsWith("/channels/"));

function seenIn(calls: readonly RecordedCall[]): Seen {
  return seen(
    calls.map((call) => {
      const body = call.path.endsWith("/callback") ? (call.body as { data?: unknown }).data : call.body;
      return {
        text: textOfBody(body),
        buttons: buttonsOf(body)
          .filter((button) => !button.disabled)
          .map((button) => ({ label: button.label, action: button.custom_id })),
        images: call.files.map((file) => new Uint8Array(file.data)),
      };
    }),
  );
}

/** A member's DM with the bot: the real discord.js client against a fake Discord. */
export const discordDriver: ContractDriver = {
  platform: "discord",
  async start(trainer) {
    const harness: Harness = await startHarness({ trainer: () => trainer });
    const { fake, adapter } = harness;
    const where = { dmChannelId: String(fake.state.dmChannelFor(alice.id).id) };
    let mark = fake.mark();
    const deliver = async (interaction: { id: string; token: string }): Promise<Seen> => {
      mark = fake.mark();
      fake.dispatchInteraction(interaction);
      await fake.waitForCall(isCallbackOf(interaction), mark);
      await adapter.idle();
      return seenIn(fake.callsAfter(mark, isDelivery));
    };
    const chat: ContractChat = {
      say: (line) => deliver(commandFor(line, alice, where)),
      tap(button) {
        const needle = `"custom_id":${JSON.stringify(button.action)}`;
        const message = [...fake.state.messages.values()]
          .reverse()
          .find((candidate) => JSON.stringify(candidate.components).includes(needle));
        if (!message) throw new Error(`no message carries the button ${button.action}`);
        return deliver(buttonTap(button.action, message, alice, where));
      },
      async afterWork() {
        await trainer.whenIdle();
        await adapter.idle();
        return seenIn(fake.callsAfter(mark, isDelivery));
      },
      close: () => harness.close(),
    };
    return chat;
  },
};
