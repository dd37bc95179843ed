/** A UTF-16 surrogate without its partner: not a character, and not storable as UTF-8. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Control characters other than tab and line feed (NUL, escape sequences, C1 controls). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from a platform as the core keeps it: lone surrogates become U+FFFD (as `String.prototype.toWellFormed`
 * does), line breaks become "\n", and other control characters are dropped. Applied once, where a message
 * enters the core, so nothing invalid is stored in SQLite or echoed back.
 */
export const cleanInput = (text: string): string =>
  text.replace(LONE_SURROGATE, "\ufffd").replace(/\r\n?/g, "\n").replace(CONTROL, "");
