/**
 * Commands whose replies concern the member alone — their own answers (with the explanation, under a
 * question still open for others), memos, stats, settings and their sign-in link to the web page — are answered privately (ephemeral) in a
 * server channel. An entry is a command name, or a name and its first word (`train status`).
 */
export const PERSONAL_COMMANDS: ReadonlySet<string> = new Set([
  "answer",
  "memo",
  "stats",
  "remind",
  "timezone",
  "lang",
  "review",
  "train status",
  "web",
]);

/** Whether a command line (`/memo list`, `/train status`) is one of the personal commands. */
export function isPersonalCommand(commandLine: string): boolean {
  const [name = "", first = ""] = commandLine.trim().replace(/^\//, "").toLowerCase().split(/\s+/);
  return PERSONAL_COMMANDS.has(name) || PERSONAL_COMMANDS.has(`${name} ${first}`);
}
