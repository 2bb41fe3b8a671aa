// The admin's day at a glance, for one Beijing calendar day: checks in by hour, counts by
// decision, visitors in and out, denials with their reasons, open fever cases, retests nothing
// has ended, and who is on campus now. Read-only; day-bounded queries walk an index on `at`.
import type { Database } from 'better-sqlite3';
import type { Decision, PersonKind, ReasonCode } from '../../contract/api';
import type { TodaySummary } from '../../contract/operations/today-operations';
import { openCardText, shownCardText } from '../entries/entry-log';
import { createRetestQueries } from '../entries/retest-queries';
import { shanghaiDate, shanghaiDayRange } from '../../contract/school-time';
import type { FieldCipher } from '../privacy/field-cipher';
import { passPrefix } from '../visitors/pass-token';
import type { VisitorsOnCampus } from './visitors-on-campus';

const latestDeniedCount = 8;
const openCasesShown = 20;
const unresolvedRetestsShown = 50;
const minuteMs = 60_000;

interface DeniedRow {
  id: number;
  at: string;
  name: string | null;
  kind: PersonKind | null;
  card_text: string;
  reasons: string;
}

// The hour is read on the Beijing wall clock: a stored UTC time plus eight hours.
export const byHourQuery = `SELECT CAST(strftime('%H', at, '+8 hours') AS INTEGER) AS hour,
    COUNT(*) AS entries
  FROM entries WHERE at >= ? AND at < ? AND direction = 'in'
  GROUP BY hour ORDER BY hour`;

export function createTodaySummary(
  db: Database,
  visitors: VisitorsOnCampus,
  now: () => Date,
  cipher: FieldCipher,
) {
  const byHour = db.prepare<[string, string], { hour: number; entries: number }>(byHourQuery);
  const byDecision = db.prepare<[string, string], { decision: Decision; count: number }>(
    `SELECT decision, COUNT(*) AS count FROM entries
     WHERE at >= ? AND at < ? AND direction = 'in' GROUP BY decision`,
  );
  const visitorMoves = db.prepare<[string, string], { direction: 'in' | 'out'; count: number }>(
    `SELECT direction, COUNT(*) AS count FROM entries
     WHERE at >= ? AND at < ? AND appointment_id IS NOT NULL AND decision = 'pass'
     GROUP BY direction`,
  );
  const deniedReasons = db.prepare<[string, string], { reason: ReasonCode; count: number }>(
    `SELECT r.value AS reason, COUNT(*) AS count
     FROM entries e, json_each(e.reasons) r
     WHERE e.at >= ? AND e.at < ? AND e.decision = 'deny'
     GROUP BY r.value ORDER BY count DESC, reason`,
  );
  const latestDenied = db.prepare<[string, string, number], DeniedRow>(
    `SELECT id, at, name, kind, card_text, reasons FROM entries
     WHERE at >= ? AND at < ? AND decision = 'deny' ORDER BY at DESC, id DESC LIMIT ?`,
  );
  // Open cases whatever day they were opened: a case stays on the screen until it is closed.
  const openCases = db.prepare<
    [number],
    { id: number; opened_at: string; name: string | null; temperature_c: number | null }
  >(
    `SELECT c.id, c.opened_at, e.name, e.temperature_c
     FROM fever_cases c JOIN entries e ON e.id = c.entry_id
     WHERE c.closed_at IS NULL ORDER BY c.id LIMIT ?`,
  );
  const retests = createRetestQueries(db);

  return {
    summary(date: string = shanghaiDate(now())): TodaySummary {
      const { from, to } = shanghaiDayRange(date);
      const answeredAt = now().getTime();
      const unresolved = retests.unresolvedOfDay(date, unresolvedRetestsShown);
      const decisions = { pass: 0, deny: 0, retest: 0, refer: 0 };
      for (const row of byDecision.all(from, to)) decisions[row.decision] = row.count;
      const moves = { in: 0, out: 0 };
      for (const row of visitorMoves.all(from, to)) moves[row.direction] = row.count;
      return {
        date,
        byHour: byHour.all(from, to),
        byDecision: decisions,
        visitors: moves,
        onCampus: visitors.list(),
        deniedReasons: deniedReasons.all(from, to),
        latestDenied: latestDenied.all(from, to, latestDeniedCount).map((row) => ({
          id: row.id,
          at: row.at,
          name: row.name,
          kind: row.kind,
          // A refused pass has no name to show, and its text (which holds one) stays here; an
          // ID number scanned as the card is shown masked.
          cardText: row.card_text.startsWith(passPrefix)
            ? ''
            : shownCardText(openCardText(cipher, row.card_text)),
          visitorPass: row.card_text.startsWith(passPrefix),
          reasons: JSON.parse(row.reasons) as ReasonCode[],
        })),
        openCases: openCases.all(openCasesShown).map((row) => ({
          id: row.id,
          openedAt: row.opened_at,
          name: row.name,
          temperatureCelsius: row.temperature_c,
        })),
        unresolvedRetests: {
          count: unresolved.count,
          retests: unresolved.retests.map((row) => ({
            ...row,
            openMinutes: Math.max(0, Math.floor((answeredAt - Date.parse(row.at)) / minuteMs)),
          })),
        },
      };
    },
  };
}

export type TodaySummaryReader = ReturnType<typeof createTodaySummary>;
