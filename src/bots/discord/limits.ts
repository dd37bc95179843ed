/**
 * Discord's size limits. Lengths are measured in UTF-16 code units (`string.length`), which is never less
 * than what Discord counts, so text that fits here fits there.
 */
export const LIMITS = {
  content: 2000,
  embedDescription: 4096,
  embedsPerMessage: 10,
  /** All embeds of one message together. */
  embedTotal: 6000,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  buttonLabel: 80,
  customId: 100,
  filesPerMessage: 10,
  attachmentDescription: 1024,
  autocompleteChoices: 25,
  choiceName: 100,
} as const;
