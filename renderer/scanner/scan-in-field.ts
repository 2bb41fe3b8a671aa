// Takes a keyboard-wedge scan back out of the text field it was typed into: the scanner's keys
// reach whichever field has focus before the closing Enter shows they were a scan. Pure (text
// and a caret, no DOM). Must never remove a person's own typing: unsure, it changes nothing.

export interface FieldText {
  value: string;
  /**
   * The caret (selectionEnd), or null when the field has no selection API: number and email
   * inputs answer null.
   */
  caret: number | null;
}

/**
 * The characters a number input keeps of those typed into it; Chromium drops the others as they
 * are typed, so of a card `S2026009` only `2026009` lands in a temperature field.
 */
export const numberFieldKeeps = /[0-9.eE+-]/;

/**
 * The field without the scanned characters, and where its caret goes. They were typed last,
 * so they end at the caret; with no caret known they must end the value. Anywhere else (the
 * field cut them at its maxLength, a key handler refused some) the field is returned as it is.
 * `keeps` names the characters the field takes at all (`numberFieldKeeps`); the rest of the
 * scan never reached it.
 */
export function withoutScan(field: FieldText, scanned: string, keeps?: RegExp): FieldText {
  const typed = keeps
    ? [...scanned].filter((character) => keeps.test(character)).join('')
    : scanned;
  return withoutTyped(field, typed);
}

function withoutTyped(field: FieldText, typed: string): FieldText {
  if (typed === '') return field;
  const { value, caret } = field;
  const end = caret ?? value.length;
  const start = end - typed.length;
  if (start < 0 || value.slice(start, end) !== typed) return field;
  return {
    value: value.slice(0, start) + value.slice(end),
    caret: caret === null ? null : start,
  };
}
