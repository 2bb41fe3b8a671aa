// Fever cases (R3): opened by the entry log on every refer; followed up here with events that
// are only ever appended (retest reading, hand-off to the observation point, guardian told,
// note) and closed once, by an admin, with the outcome. It must never edit or delete an event.
import type { Database } from 'better-sqlite3';
import type { ActorView, Decision, PersonKind } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { openCardText, shownCardText } from '../entries/entry-log';
import type { FieldCipher } from '../privacy/field-cipher';
import type {
  CaseEvent,
  CaseOutcome,
  FeverCase,
  NewCaseEvent,
} from '../../contract/operations/case-operations';

interface CaseRow {
  id: number;
  opened_at: string;
  closed_at: string | null;
  outcome: CaseOutcome | null;
  outcome_note: string | null;
  closed_by_name: string | null;
  check_id: string;
  card_text: string;
  name: string | null;
  kind: PersonKind | null;
  class_name: string | null;
}

interface ReadingRow {
  id: number;
  at: string;
  decision: Decision;
  temperature_c: number | null;
  temperature_method: 'device' | 'manual' | null;
  measured_by: string | null;
}

interface EventRow {
  id: number;
  at: string;
  kind: CaseEvent['kind'];
  celsius: number | null;
  person: string | null;
  method: CaseEvent['method'];
  note: string | null;
  recorded_by_name: string;
}

const caseSelect = `SELECT c.id, c.opened_at, c.closed_at, c.outcome, c.outcome_note,
    c.closed_by_name, e.check_id, e.card_text, e.name, e.kind, e.class_name
  FROM fever_cases c JOIN entries e ON e.id = c.entry_id`;

export function createFeverCases(db: Database, now: () => Date, cipher: FieldCipher) {
  const selectCase = db.prepare<[number], CaseRow>(`${caseSelect} WHERE c.id = ?`);
  const selectOpen = db.prepare<[], CaseRow>(
    `${caseSelect} WHERE c.closed_at IS NULL ORDER BY c.id`,
  );
  const selectClosed = db.prepare<[number], CaseRow>(
    `${caseSelect} WHERE c.closed_at IS NOT NULL ORDER BY c.closed_at DESC LIMIT ?`,
  );
  const selectReadings = db.prepare<[string], ReadingRow>(
    `SELECT id, at, decision, temperature_c, temperature_method, measured_by
     FROM entries WHERE check_id = ? ORDER BY id`,
  );
  const selectEvents = db.prepare<[number], EventRow>(
    `SELECT id, at, kind, celsius, person, method, note, recorded_by_name
     FROM fever_case_events WHERE case_id = ? ORDER BY id`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO fever_case_events (case_id, at, kind, celsius, person, method, note,
       recorded_by, recorded_by_name, recorded_by_role)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // The WHERE makes closing a no-op on a case someone already closed; the trigger backs it up.
  const closeCase = db.prepare(
    `UPDATE fever_cases SET outcome = ?, outcome_note = ?, closed_at = ?, closed_by = ?,
       closed_by_name = ?
     WHERE id = ? AND closed_at IS NULL`,
  );

  function view(row: CaseRow): FeverCase {
    return {
      id: row.id,
      openedAt: row.opened_at,
      person:
        row.name !== null && row.kind !== null
          ? { name: row.name, kind: row.kind, className: row.class_name ?? '' }
          : null,
      // An ID number scanned as the card is stored sealed and shown masked.
      cardText: shownCardText(openCardText(cipher, row.card_text)),
      readings: selectReadings.all(row.check_id).map((reading) => ({
        entryId: reading.id,
        at: reading.at,
        decision: reading.decision,
        celsius: reading.temperature_c,
        method: reading.temperature_method,
        measuredBy: reading.measured_by,
      })),
      events: selectEvents.all(row.id).map((event) => ({
        id: event.id,
        at: event.at,
        kind: event.kind,
        celsius: event.celsius,
        person: event.person,
        method: event.method,
        note: event.note,
        recordedBy: event.recorded_by_name,
      })),
      closed:
        row.closed_at !== null && row.outcome !== null
          ? {
              at: row.closed_at,
              outcome: row.outcome,
              note: row.outcome_note,
              by: row.closed_by_name ?? '',
            }
          : null,
    };
  }

  function openCase(id: number): CaseRow {
    const row = selectCase.get(id);
    if (row === undefined) throw new ApiError('bad-input', `No fever case ${id}.`);
    if (row.closed_at !== null) throw new ApiError('bad-input', `Fever case ${id} is closed.`);
    return row;
  }

  const addEvent = db.transaction((event: NewCaseEvent, actor: ActorView): void => {
    openCase(event.caseId);
    insertEvent.run(
      event.caseId,
      now().toISOString(),
      event.kind,
      event.kind === 'retest-reading' ? event.celsius : null,
      event.kind === 'observation-handoff' || event.kind === 'guardian-informed'
        ? event.person
        : null,
      event.kind === 'guardian-informed' ? event.method : null,
      event.note ?? null,
      actor.id,
      actor.displayName,
      actor.role,
    );
  });

  const close = db.transaction(
    (caseId: number, outcome: CaseOutcome, note: string | null, actor: ActorView): void => {
      openCase(caseId);
      closeCase.run(outcome, note, now().toISOString(), actor.id, actor.displayName, caseId);
    },
  );

  return {
    list(closedLimit: number): { open: FeverCase[]; closed: FeverCase[] } {
      return { open: selectOpen.all().map(view), closed: selectClosed.all(closedLimit).map(view) };
    },
    get(id: number): FeverCase | null {
      const row = selectCase.get(id);
      return row === undefined ? null : view(row);
    },
    /** Appends a follow-up event to an open case; a closed case takes no more. */
    addEvent(event: NewCaseEvent, actor: ActorView): FeverCase {
      addEvent.immediate(event, actor);
      return view(selectCase.get(event.caseId) as CaseRow);
    },
    /** Closes an open case with its outcome, once. The caller checks the actor is an admin. */
    close(caseId: number, outcome: CaseOutcome, note: string | null, actor: ActorView): FeverCase {
      close.immediate(caseId, outcome, note, actor);
      return view(selectCase.get(caseId) as CaseRow);
    },
  };
}

export type FeverCases = ReturnType<typeof createFeverCases>;
