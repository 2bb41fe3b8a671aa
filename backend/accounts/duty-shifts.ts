// The duty log: which guard is on duty at a gate, from when, and the note they handed over.
// One open shift per gate; the next guard signs on only after the last one signed off.
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../contract/errors';
import type { ShiftView } from '../../contract/operations/account-operations';
import type { ActorView } from '../../contract/schemas';

export function createDutyShifts(db: Database, now: () => Date) {
  const openShift = db.prepare<[string], ShiftView>(
    `SELECT s.id, a.display_name AS guard, s.started_at AS startedAt, s.ended_at AS endedAt,
       s.handover_note AS handoverNote
     FROM shifts s JOIN accounts a ON a.id = s.account_id
     WHERE s.gate_id = ? AND s.ended_at IS NULL ORDER BY s.id DESC LIMIT 1`,
  );
  const lastShifts = db.prepare<[string, number], ShiftView>(
    `SELECT s.id, a.display_name AS guard, s.started_at AS startedAt, s.ended_at AS endedAt,
       s.handover_note AS handoverNote
     FROM shifts s JOIN accounts a ON a.id = s.account_id
     WHERE s.gate_id = ? ORDER BY s.id DESC LIMIT ?`,
  );
  const insertShift = db.prepare(
    'INSERT INTO shifts (account_id, gate_id, started_at) VALUES (?, ?, ?)',
  );
  const closeShift = db.prepare(
    'UPDATE shifts SET ended_at = ?, handover_note = ? WHERE id = ? AND ended_at IS NULL',
  );

  return {
    currentShift: (gateId: string): ShiftView | null => openShift.get(gateId) ?? null,
    recentShifts: (gateId: string, limit: number): ShiftView[] => lastShifts.all(gateId, limit),

    /** Signs the guard on duty at this gate; the previous open shift is handed over first. */
    startShift(actor: ActorView, gateId: string): ShiftView {
      const open = openShift.get(gateId);
      if (open)
        throw new ApiError('bad-input', `${open.guard} is still on duty: sign them off first`);
      insertShift.run(actor.id, gateId, now().toISOString());
      return openShift.get(gateId) as ShiftView;
    },

    endShift(gateId: string, handoverNote: string): ShiftView {
      const open = openShift.get(gateId);
      if (!open) throw new ApiError('bad-input', 'Nobody is on duty at this gate');
      closeShift.run(now().toISOString(), handoverNote, open.id);
      return { ...open, endedAt: now().toISOString(), handoverNote };
    },
  };
}
