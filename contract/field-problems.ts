// How a refused form names every field that is wrong and why, in one error message:
// `visitorName: required; phone: bad-phone`. The backend writes it, the console reads it back,
// so both agree here. Problems are short codes, never the value that was typed.

/** Field → problem code, in the order the form shows its fields. */
export type FieldProblems = Record<string, string>;

const oneProblem = /^(\w+): ([a-z][a-z-]*)$/;

/** The message of a refusal naming each field and its problem. */
export function formatFieldProblems(problems: FieldProblems): string {
  return Object.entries(problems)
    .map(([field, problem]) => `${field}: ${problem}`)
    .join('; ');
}

/** The fields and problems of such a message, or null when it is any other message. */
export function parseFieldProblems(message: string): FieldProblems | null {
  const problems: FieldProblems = {};
  for (const part of message.split('; ')) {
    const match = oneProblem.exec(part);
    if (match === null) return null;
    const [, field = '', problem = ''] = match;
    problems[field] = problem;
  }
  return Object.keys(problems).length > 0 ? problems : null;
}
