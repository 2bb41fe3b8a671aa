// Which visitors are on campus now — a visitor is inside when the latest pass through the gate
// for their appointment went in — and their exit, written through the entry log (with its
// outbox row) like every other decision. It must never write an exit for someone not inside.
// One who came in longer ago than the retention period is listed, and leaves, without a name.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { EntryView } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { OnCampusVisitor } from '../../contract/operations/today-operations';
import type { EntryLog } from '../entries/entry-log';

interface InsideRow {
  appointment_id: string;
  entered_at: string;
  /** NULL once the retention purge erased the appointment (0150). */
  visitor_name: string | null;
  host: string;
  area: string;
  valid_to: string;
}

// Denied or retested attempts do not move anyone; only passes (in) and exits (out, always a
// pass) do. A visitor is inside while their passes in outnumber their exits: counted, not
// ordered, so that two gates' clocks can never put an exit before its entry (docs/school-hub.md).
// At a gate of a school hub the counts are the hub's (replica_visits, every gate's passes) plus
// this gate's own passes those counts do not include yet (replica-store.ts); elsewhere
// replica_visits is empty and nothing is counted there, so the counts are this kiosk's own. The partial index entries_visit
// (0090) answers the inner query.
const visitCounts = `SELECT appointment_id, sum(ins) - sum(outs) AS inside,
    max(last_in_at) AS entered_at
  FROM (
    SELECT appointment_id, sum(direction = 'in') AS ins, sum(direction = 'out') AS outs,
      max(CASE WHEN direction = 'in' THEN at END) AS last_in_at
    FROM entries
    WHERE appointment_id IS NOT NULL AND decision = 'pass' AND id > coalesce(
      (SELECT CAST(value AS INTEGER) FROM kiosk_meta WHERE key = 'hub_counted_entry_through'), 0)
    GROUP BY appointment_id
    UNION ALL
    SELECT appointment_id, ins, outs, last_in_at FROM replica_visits
  )
  GROUP BY appointment_id`;

export const onCampusQuery = `SELECT v.appointment_id, v.entered_at, ap.visitor_name,
    ap.host, ap.area, ap.valid_to
  FROM (${visitCounts}) v JOIN appointments ap ON ap.id = v.appointment_id
  WHERE v.inside > 0
  ORDER BY ap.valid_to, v.entered_at`;

export interface VisitorsOnCampusOptions {
  db: Database;
  entryLog: EntryLog;
  gateId: string;
  /** The policy version in effect, named by every entry. */
  policyVersion: () => number;
  now: () => Date;
}

export function createVisitorsOnCampus(options: VisitorsOnCampusOptions) {
  const { db, entryLog, now } = options;
  const selectInside = db.prepare<[], InsideRow>(onCampusQuery);
  const selectInsideOne = db.prepare<[string], { inside: number }>(
    `SELECT inside FROM (${visitCounts}) WHERE appointment_id = ?`,
  );
  const selectVisitor = db.prepare<[string], { visitor_name: string | null; area: string }>(
    'SELECT visitor_name, area FROM appointments WHERE id = ?',
  );

  // Checked and written in one immediate transaction, so a double click (or two gates on one
  // database) finds the first exit and is refused instead of writing a second.
  const exit = db.transaction((appointmentId: string): EntryView => {
    const visitor = selectVisitor.get(appointmentId);
    if (visitor === undefined) {
      throw new ApiError('bad-input', `No appointment ${appointmentId}.`);
    }
    if ((selectInsideOne.get(appointmentId)?.inside ?? 0) <= 0) {
      throw new ApiError('bad-input', `The visitor of ${appointmentId} is not on campus.`);
    }
    // An erased appointment's visitor still leaves: the exit is written without a name rather
    // than refused, or the guard could never clear them from the list. Kind and area stay, so
    // the visitor counts (daily-report.ts counts kind = 'visitor') still see the exit.
    return entryLog.append(
      {
        checkId: randomUUID(),
        at: now(),
        gateId: options.gateId,
        direction: 'out',
        decision: 'pass',
        reasons: ['visitor-exit'],
        cardText: '',
        identitySource: 'manual',
        person: {
          id: null,
          name: visitor.visitor_name,
          kind: 'visitor',
          className: visitor.area,
          idNumber: null,
        },
        temperature: null,
        policyVersion: options.policyVersion(),
        followsEntryId: null,
        appointmentId,
      },
      { announce: false },
    );
  });

  return {
    /** Everyone inside, the longest overstay first, then by the end of their visit. */
    list(): OnCampusVisitor[] {
      const at = now().getTime();
      const visitors = selectInside.all().map((row) => toVisitor(row, at));
      return visitors.sort((a, b) => (b.overstayMinutes ?? -1) - (a.overstayMinutes ?? -1));
    },
    /** Writes the exit; refuses (bad-input) when the visitor is not inside. */
    recordExit(appointmentId: string): EntryView {
      const entry = exit.immediate(appointmentId);
      entryLog.announce(entry);
      return entry;
    },
  };
}

export type VisitorsOnCampus = ReturnType<typeof createVisitorsOnCampus>;

function toVisitor(row: InsideRow, nowMs: number): OnCampusVisitor {
  const over = nowMs - Date.parse(row.valid_to);
  return {
    appointmentId: row.appointment_id,
    name: row.visitor_name,
    host: row.host,
    area: row.area,
    enteredAt: row.entered_at,
    until: row.valid_to,
    overstayMinutes: over > 0 ? Math.floor(over / 60_000) : null,
  };
}
