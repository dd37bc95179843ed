import type { Delivered } from "../../fakes/line/fake-messaging-api.ts";
import { postbackEvent, textEvent, userId, userSource } from "../../fakes/line/fixtures.ts";
import { LineHarness } from "../line/harness.ts";
import { seen, type ContractChat, type ContractDriver, type Seen } from "./driver.ts";

/** A friend's 1:1 chat with the bot: the real LINE SDK and express app against a fake Messaging API. */
export const lineDriver: ContractDriver = {
  platform: "line",
  async start(trainer) {
    const harness = await LineHarness.start({ trainer: () => trainer });
    const source = userSource(userId());
    let mark = 0;
    /** Hosted images are fetched from the bot's server, as LINE would. */
    const seenIn = async (delivered: readonly Delivered[]): Promise<Seen> => {
      const messages = delivered.flatMap((sent) => sent.messages);
      const images: Uint8Array[] = [];
      for (const message of messages) {
        if (message.type !== "image" || !message.originalContentUrl) continue;
        const response = await harness.fetchPath(message.originalContentUrl);
        images.push(new Uint8Array(await response.arrayBuffer()));
      }
      return seen([
        ...messages.map((message) => ({
          text: message.text ?? "",
          buttons: (message.quickReply?.items ?? []).map((item) => ({
            label: item.action.label,
            action: item.action.data,
          })),
        })),
        { images },
      ]);
    };
    const deliver = async (event: Parameters<LineHarness["send"]>[0][number]): Promise<Seen> => {
      mark = harness.api.delivered.length;
      await harness.send([event]);
      return seenIn(harness.api.delivered.slice(mark));
    };
    const chat: ContractChat = {
      say: (line) => deliver(textEvent(line, source)),
      tap: (button) => deliver(postbackEvent(button.action, source)),
      async afterWork() {
        await trainer.whenIdle();
        await harness.line.idle();
        return seenIn(harness.api.delivered.slice(mark));
      },
      close: () => harness.close(),
    };
    return chat;
  },
};
