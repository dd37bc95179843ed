import { parseBackendName, type BackendName } from "./backend/select.ts";
import type { Locale } from "../core/conversation.ts";

export interface CliOptions {
  args: string;
  out: string;
  locale: Locale;
  backends?: BackendName[];
  help: boolean;
}

export class CliUsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const rest: string[] = [];
  const options: CliOptions = { args: "", out: "chart.png", locale: "ja", help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new CliUsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === "--out" || arg === "-o") options.out = value();
    else if (arg === "--lang") options.locale = value() === "en" ? "en" : "ja";
    else if (arg === "--backend") {
      const name = value();
      const backend = parseBackendName(name);
      if (backend === undefined)
        throw new CliUsageError(`unknown backend "${name}" (tensorflow, wasm or cpu)`);
      options.backends = [backend];
    } else if (arg === "--help" || arg === "-h" || arg === "help") options.help = true;
    else if (arg.startsWith("--")) throw new CliUsageError(`unknown option ${arg}`);
    else rest.push(arg);
  }
  options.args = rest.join(" ");
  return options;
}
