// The contract's roster operations for the admin console: template, preview, import, the people
// list and statuses. A file is parsed and checked in full before anything is written, and the
// import is one transaction; no full ID number ever leaves here (every one is masked).
import type { Database } from 'better-sqlite3';
import type { Caller, Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type {
  PersonRecord,
  RosterPersonView,
  RosterPreviewView,
} from '../../contract/operations/roster-operations';
import { previewListLimit, rosterFileMaxBytes } from '../../contract/operations/roster-operations';
import { maskIdNumber } from '../../contract/id-number';
import type { FieldCipher } from '../privacy/field-cipher';
import { parseRosterFile, rosterFilePlace } from './roster-file';
import type { RosterColumn } from './roster-messages';
import { searchPeople, setPersonStatus } from './roster-people';
import type { RosterPreview } from './roster-preview';
import { previewRoster } from './roster-preview';
import type { RosterParseResult, RosterPerson } from './roster-rows';
import type { Person } from './roster-store';
import { importRoster, listPeople } from './roster-store';
import { rosterTemplateXlsx } from './roster-template';

type RosterOperation =
  'rosterTemplate' | 'previewRoster' | 'importRoster' | 'listPeople' | 'setPersonStatus';

export function rosterHandlers(
  db: Database,
  cipher: FieldCipher,
  now: () => Date,
): Pick<Handlers, RosterOperation> {
  /** The file checked in full; `refused` when any row (or the file itself) is wrong. */
  async function readFile(fileName: string, fileBase64: string) {
    const bytes = Buffer.from(fileBase64, 'base64');
    if (bytes.length > rosterFileMaxBytes) {
      throw new ApiError('bad-input', 'The roster file is larger than 5 MB.');
    }
    const parsed: RosterParseResult = await parseRosterFile(fileName, bytes, { today: now() });
    if (parsed.ok) return { ok: true as const, people: parsed.people };
    const refused = {
      ok: false as const,
      place: rosterFilePlace(fileName),
      problems: parsed.errors.map(({ line, code, params }) => ({ line, code, params })),
    };
    return refused;
  }

  return {
    async rosterTemplate() {
      const bytes = await rosterTemplateXlsx();
      return { fileName: '名单模板.xlsx', base64: Buffer.from(bytes).toString('base64') };
    },
    async previewRoster({ fileName, fileBase64 }) {
      const file = await readFile(fileName, fileBase64);
      if (!file.ok) return file;
      return previewView(previewRoster(listPeople(db, cipher), file.people));
    },
    async importRoster({ fileName, fileBase64, markMissingAsLeft }, caller) {
      const file = await readFile(fileName, fileBase64);
      if (!file.ok) return file;
      const counts = importRoster(db, cipher, file.people, now(), {
        markMissingAsLeft,
        by: actorName(caller),
      });
      return { ok: true as const, ...counts };
    },
    async listPeople({ query, limit, offset }) {
      const page = searchPeople(db, cipher, query, limit, offset);
      return { total: page.total, people: page.people.map(personRecord) };
    },
    async setPersonStatus({ personId, status, reason }, caller) {
      const person = setPersonStatus(db, cipher, {
        personId,
        status,
        reason,
        by: actorName(caller),
        at: now(),
      });
      if (person === null) {
        throw new ApiError('bad-input', `No person with id ${personId} is on the roster.`);
      }
      return personRecord(person);
    },
  };
}

/** The admin as the audit log names them. */
function actorName(caller: Caller): string {
  const actor = caller.actor;
  return actor === null ? 'nobody signed in' : `${actor.displayName} (${actor.username})`;
}

function masked(idNumber: string | null): string | null {
  return idNumber === null ? null : maskIdNumber(idNumber);
}

function rosterPerson(person: RosterPerson): RosterPersonView {
  return {
    card: person.card,
    name: person.name,
    // A roster holds students and staff only: the file check and people.kind's CHECK say so.
    kind: person.kind === 'staff' ? 'staff' : 'student',
    className: person.className,
    idNumber: masked(person.idNumber),
  };
}

export function personRecord(person: Person): PersonRecord {
  return {
    ...rosterPerson(person),
    id: person.id,
    status: person.status,
    statusReason: person.statusReason,
    statusSetBy: person.statusSetBy,
    statusSetAt: person.statusSetAt,
  };
}

function fieldValue(field: RosterColumn, person: RosterPerson): string | null {
  const value = person[field];
  if (value === null || value === '') return null;
  return field === 'idNumber' ? maskIdNumber(value) : value;
}

function previewView(preview: RosterPreview): RosterPreviewView {
  return {
    ok: true,
    added: preview.added.slice(0, previewListLimit).map(rosterPerson),
    addedCount: preview.added.length,
    changed: preview.changed.slice(0, previewListLimit).map((change) => ({
      card: change.after.card,
      name: change.after.name,
      rejoins: change.rejoins,
      fields: change.fields.map((field) => ({
        field,
        before: fieldValue(field, change.before),
        after: fieldValue(field, change.after),
      })),
    })),
    changedCount: preview.changed.length,
    unchanged: preview.unchanged,
    missing: preview.removed.slice(0, previewListLimit).map(personRecord),
    missingCount: preview.removed.length,
  };
}
