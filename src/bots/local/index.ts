import type { PlatformFactory } from "../adapter.ts";
import { readLocalConfig, type LocalConfig } from "./config.ts";
import { startLocal } from "./start.ts";

export { createLocalChat, startLocal, type LocalChat } from "./start.ts";

/** The local chat in the terminal: the default when no other platform runs, or with MANABOT_LOCAL=1. */
export const localPlatform: PlatformFactory<LocalConfig> = {
  platform: "local",
  configure: (env, logger, others) => readLocalConfig(env, logger, others),
  start: async (config, deps) => startLocal(config, deps),
};
