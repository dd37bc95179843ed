export * from "./fixtures.ts";
export { FakeGateway } from "./gateway.ts";
export type { RecordedCall, RecordedFile, RestResponse } from "./rest.ts";
export { FakeDiscord, type FakeDiscordOptions } from "./server.ts";
export { snowflake } from "./snowflake.ts";
export type { FakeAttachment, FakeInteraction, FakeMessage } from "./state.ts";
