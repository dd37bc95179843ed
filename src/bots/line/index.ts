import { ConfigError } from "../../config.ts";
import type { PlatformFactory } from "../adapter.ts";
import { readLineConfig, type LineConfig } from "./config.ts";
import { startLine } from "./start.ts";
import { EventLedger } from "./store.ts";

export { readLineConfig, type LineConfig } from "./config.ts";
export { startLine, type LineAdapter, type LineAdapterOptions } from "./start.ts";

/** LINE runs when its channel secret and access token are set; its webhook needs the HTTP server. */
export const linePlatform: PlatformFactory<LineConfig> = {
  platform: "line",
  configure: (env, logger) => readLineConfig(env, logger),
  async start(config, { bot, logger, http, db }) {
    if (!http)
      throw new ConfigError(
        "LINE needs the HTTP server for its webhook, and it did not start (see the warning before this)",
      );
    const ledger = new EventLedger(db);
    return startLine({ bot, logger, config, http, ledger, users: bot.services.stores.users });
  },
};
