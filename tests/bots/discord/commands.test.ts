import { ApplicationCommandOptionType } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCommandJson, type CommandJson } from "../../../src/bots/discord/commands.ts";
import { registerCommands } from "../../../src/bots/discord/register.ts";
import { builtinCommands } from "../../../src/core/commands/index.ts";
import type { Command, OptionSpec } from "../../../src/core/commands/types.ts";
import { APPLICATION_ID, BOT_TOKEN, FakeDiscord, GUILD_ID } from "../../fakes/discord/index.ts";

type JsonOption = {
  type: number;
  name: string;
  description: string;
  description_localizations?: Record<string, string>;
  required?: boolean;
  options?: JsonOption[];
  choices?: { name: string; value: string | number }[];
  autocomplete?: boolean;
  min_value?: number;
  max_value?: number;
  max_length?: number;
};

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const json = buildCommandJson(builtinCommands);
const byName = (name: string): CommandJson => {
  const found = json.find((command) => command.name === name);
  if (!found) throw new Error(`no /${name} in the JSON`);
  return found;
};
const optionsOf = (command: CommandJson): JsonOption[] => (command.options ?? []) as JsonOption[];

/** The option's JSON must say what the registry's spec says. */
function expectOptionMatches(option: JsonOption, spec: OptionSpec): void {
  expect(option.type).toBe(
    spec.type === "integer" ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.String,
  );
  expect(option.required).toBe(spec.required ?? false);
  expect(option.description).toBe(spec.description.ja);
  expect(option.description_localizations?.["en-US"]).toBe(spec.description.en);
  if (spec.min !== undefined) expect(option.min_value).toBe(spec.min);
  if (spec.maxLength !== undefined) expect(option.max_length).toBe(spec.maxLength);
  if (spec.autocomplete) expect(option.autocomplete).toBe(true);
  if (spec.choices) expect(option.choices?.map((choice) => choice.value)).toEqual([...spec.choices]);
}

function expectCommandMatches(command: Command): void {
  const built = byName(command.name);
  expect(built.type).toBe(1);
  expect(built.description).toBe(command.summary.ja);
  expect(built.description_localizations).toEqual({
    "en-US": command.summary.en,
    "en-GB": command.summary.en,
  });
  const options = optionsOf(built);
  if (command.subcommands) {
    expect(options.map((option) => option.name)).toEqual(command.subcommands.map((sub) => sub.name));
    for (const sub of command.subcommands) {
      const subJson = options.find((option) => option.name === sub.name);
      expect(subJson?.type).toBe(ApplicationCommandOptionType.Subcommand);
      for (const spec of sub.options) {
        const option = subJson?.options?.find((candidate) => candidate.name === spec.name);
        expect(option, `/${command.name} ${sub.name} ${spec.name}`).toBeDefined();
        if (option) expectOptionMatches(option, spec);
      }
    }
    return;
  }
  expect(options.map((option) => option.name).sort()).toEqual(
    (command.options ?? []).map((spec) => spec.name).sort(),
  );
  for (const spec of command.options ?? []) {
    const option = options.find((candidate) => candidate.name === spec.name);
    if (option) expectOptionMatches(option, spec);
  }
}

describe("slash-command JSON from the registry", () => {
  it("has every command of the registry, with its options typed as the specs say", () => {
    expect(json.map((command) => command.name)).toEqual(builtinCommands.map((command) => command.name));
    for (const command of builtinCommands) expectCommandMatches(command);
  });

  it("keeps within Discord's rules: lower-case names, short descriptions, required options first", () => {
    const check = (options: JsonOption[]) => {
      const firstOptional = options.findIndex((option) => !option.required);
      if (firstOptional >= 0)
        expect(options.slice(firstOptional).every((option) => !option.required)).toBe(true);
      for (const option of options) {
        expect(option.name).toMatch(NAME);
        expect(option.name).toBe(option.name.toLowerCase());
        expect(option.description.length).toBeGreaterThan(0);
        expect(option.description.length).toBeLessThanOrEqual(100);
        expect(option.autocomplete && option.choices).toBeFalsy();
        check(option.options ?? []);
      }
    };
    for (const command of json) {
      expect(command.name).toMatch(/^[a-z0-9_-]{1,32}$/);
      expect(command.description.length).toBeLessThanOrEqual(100);
      for (const localized of Object.values(command.name_localizations ?? {})) {
        expect(localized).toMatch(NAME);
        expect(localized).toBe(localized?.toLowerCase());
      }
      check(optionsOf(command));
    }
  });

  it("shows Japanese command names to Japanese clients and answers steps by autocomplete", () => {
    expect(byName("quiz").name_localizations).toEqual({ ja: "クイズ" });
    const step = optionsOf(byName("lesson")).find((option) => option.name === "step");
    expect(step).toMatchObject({
      type: ApplicationCommandOptionType.Integer,
      autocomplete: true,
      min_value: 1,
    });
    const choice = optionsOf(byName("answer")).find((option) => option.name === "choice");
    expect(choice?.choices).toEqual(["A", "B", "C", "D"].map((key) => ({ name: key, value: key })));
  });

  it("refuses a command Discord would reject instead of failing at registration", () => {
    const bad: Command = { name: "Quiz Time", summary: { ja: "x", en: "x" }, usage: [], run: () => [] };
    expect(() => buildCommandJson([bad])).toThrow(/cannot be a Discord command name/);
  });
});

describe("npm run discord:register", () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it("replaces the guild's commands when a guild id is given", async () => {
    const mark = fake.mark();
    const result = await registerCommands(
      { token: BOT_TOKEN, applicationId: APPLICATION_ID, guildId: GUILD_ID, apiBaseUrl: fake.apiBaseUrl },
      builtinCommands,
    );
    const [call] = fake.callsAfter(mark);
    expect(call).toMatchObject({
      method: "PUT",
      path: `/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`,
      status: 200,
    });
    expect(call?.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expect(call?.body).toEqual(JSON.parse(JSON.stringify(json)));
    expect(result).toEqual({ scope: "guild", names: builtinCommands.map((command) => command.name) });
  });

  it("registers globally without a guild id", async () => {
    const mark = fake.mark();
    const result = await registerCommands(
      { token: BOT_TOKEN, applicationId: APPLICATION_ID, apiBaseUrl: fake.apiBaseUrl },
      builtinCommands,
    );
    expect(fake.callsAfter(mark).map((call) => `${call.method} ${call.path}`)).toEqual([
      `PUT /applications/${APPLICATION_ID}/commands`,
    ]);
    expect(result.scope).toBe("global");
    expect(fake.state.commands.get("global")).toHaveLength(builtinCommands.length);
  });

  it("reports Discord's refusal (a wrong token)", async () => {
    await expect(
      registerCommands(
        { token: "wrong", applicationId: APPLICATION_ID, apiBaseUrl: fake.apiBaseUrl },
        builtinCommands,
      ),
    ).rejects.toThrow(/401|Unauthorized/);
  });
});
