/**
 * 「英語にして」「21時にして」「東京に変更」「英語でお願いします」: a value followed by words that only ask for
 * it to be set. Stripped only where the bare value is then checked as strictly as ever, so nothing unknown
 * is ever guessed from what is left.
 */
const SETTING_REQUEST =
  /(?:に|へ)(?:して|する|したい|します|変更|変えて|設定|切り替えて|切り替え)(?:して|する)?(?:ください|下さい|ほしい)?[!！。.]*$|で(?:お願い|おねがい)(?:します)?[!！。.]*$/;

/** The value without a trailing request to set it (or the word itself when it has none). */
export function withoutSettingRequest(word: string): string {
  const stripped = word.replace(SETTING_REQUEST, "").trim();
  return stripped || word;
}
