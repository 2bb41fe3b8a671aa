// What an import would do, before it does it: the people a file would add, the stored people
// it would change (and which columns), how many it would leave unchanged, and who is on the
// roster but not in the file. Pure: the caller reads the roster and the file; nothing is written.
import type { RosterColumn } from './roster-messages';
import type { RosterPerson } from './roster-rows';
import type { Person } from './roster-store';
import { rosterFieldsChanged } from './roster-store';

export interface RosterChange {
  before: Person;
  after: RosterPerson;
  /** The columns that differ, in file column order. */
  fields: RosterColumn[];
  /** Marked as left, and in this file again: the import puts them back on the roster. */
  rejoins: boolean;
}

export interface RosterPreview {
  /** In the file, not on the roster: the import adds them. In file order. */
  added: RosterPerson[];
  /** On the roster with other details: the import updates them. In file order. */
  changed: RosterChange[];
  /**
   * On the roster (not already marked as left), not in the file. Named for the comparison: the
   * import keeps them unless the admin asks to mark them as left (a file may hold one grade).
   */
  removed: Person[];
  /** In the file exactly as on the roster. */
  unchanged: number;
}

/**
 * Compares the stored roster with a checked file, by card as the import matches them. `existing`
 * is the roster as listPeople() returns it, ID numbers opened: sealed ones would all differ.
 */
export function previewRoster(
  existing: readonly Person[],
  incoming: readonly RosterPerson[],
): RosterPreview {
  const byCard = new Map(existing.map((person) => [person.card, person]));
  const preview: RosterPreview = { added: [], changed: [], removed: [], unchanged: 0 };
  const inFile = new Set<string>();
  for (const person of incoming) {
    inFile.add(person.card);
    const before = byCard.get(person.card);
    if (before === undefined) {
      preview.added.push(person);
      continue;
    }
    const fields = rosterFieldsChanged(before, person);
    const rejoins = before.status === 'left';
    if (fields.length === 0 && !rejoins) {
      preview.unchanged += 1;
    } else {
      preview.changed.push({ before, after: person, fields, rejoins });
    }
  }
  preview.removed = existing.filter(
    (person) => !inFile.has(person.card) && person.status !== 'left',
  );
  return preview;
}
