import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
} from "discord.js";
import type { Choice } from "../../core/reply.ts";
import { clip } from "../shared/text.ts";
import { LIMITS } from "./limits.ts";

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/**
 * Choices as rows of buttons, five to a row. The custom id is the choice's action, which is what a tap sends
 * back to the core; ids must be unique in a message and at most 100 characters, so repeats and overlong
 * actions are left out rather than making Discord refuse the whole message.
 */
export function buttonRows(choices: readonly Choice[]): ButtonRow[] {
  const seen = new Set<string>();
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const choice of choices) {
    if (!choice.action || choice.action.length > LIMITS.customId || seen.has(choice.action)) continue;
    seen.add(choice.action);
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: clip(choice.label.trim() || choice.action, LIMITS.buttonLabel),
      custom_id: choice.action,
    });
  }
  const rows: ButtonRow[] = [];
  for (let index = 0; index < buttons.length; index += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(index, index + LIMITS.buttonsPerRow),
    });
  }
  return rows;
}

/**
 * A tapped message's rows with every button disabled and the tapped one highlighted: shows what was chosen
 * and stops a second tap. Only used where the message belongs to the tapper alone (a DM, an ephemeral reply).
 */
export function disabledRows(
  rows: readonly APIActionRowComponent<APIComponentInMessageActionRow>[],
  tapped: string,
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return rows.map((row) => ({
    ...row,
    components: row.components.map((component) => {
      if (component.type !== ComponentType.Button || !("custom_id" in component))
        return { ...component, disabled: true };
      return {
        ...component,
        disabled: true,
        style: component.custom_id === tapped ? ButtonStyle.Primary : ButtonStyle.Secondary,
      };
    }),
  }));
}
