// What the guard has typed into the courier and walk-in forms and not yet sent, kept outside
// the forms so that closing the sheet, switching forms or signing in loses none of it. Held in
// this window's memory only (never written anywhere) and cleared once sent or by 清空.

type Draft = Readonly<Record<string, string>>;

const drafts = new Map<string, Draft>();

/** The values typed into form `form` so far, by field name. */
export function draftOf(form: string): Draft {
  return drafts.get(form) ?? {};
}

/** Keeps one field's value as typed. */
export function keepField(form: string, name: string, value: string): void {
  drafts.set(form, { ...draftOf(form), [name]: value });
}

/** Forgets the form's draft: it was sent, or the guard cleared it. */
export function clearDraft(form: string): void {
  drafts.delete(form);
}
