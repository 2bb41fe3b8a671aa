// The duty log: which guard is on duty at a gate, from when, and the note they handed over.
// One open shift per gate; the next guard signs on only after the last one signed off.
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../contract/errors';
import type { Actor } from './accounts';

export interface Shift {
  id: number;
  guard: string;
  startedAt: string;
  endedAt: string | null;
  handoverNote: string | null;
}

export function createDutyShifts(db: Database, now: () => Date) {
  const openShift = db.prepare<[string], Shift>(
    `SELECT s.id, a.display_name AS guard, s.started_at AS startedAt, s.ended_at AS endedAt,
       s.handover_note AS handoverNote
     FROM shifts s JOIN accounts a ON a.id = s.account_id
     WHERE s.gate_id = ? AND s.ended_at IS NULL ORDER BY s.id DESC LIMIT 1`,
  );
  const lastShifts = db.prepare<[string, number], Shift>(
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
    currentShift: (gateId: string): Shift | null => openShift.get(gateId) ?? null,
    recentShifts: (gateId: string, limit: number): Shift[] => lastShifts.all(gateId, limit),

    /** Signs the guard on duty at this gate; the previous open shift is handed over first. */
    startShift(actor: Actor, gateId: string): Shift {
      const open = openShift.get(gateId);
      if (open)
        throw new ApiError('bad-input', `${open.guard} is still on duty: sign them off first`);
      insertShift.run(actor.id, gateId, now().toISOString());
      return openShift.get(gateId) as Shift;
    },

    endShift(gateId: string, handoverNote: string): Shift {
      const open = openShift.get(gateId);
      if (!open) throw new ApiError('bad-input', 'Nobody is on duty at this gate');
      closeShift.run(now().toISOString(), handoverNote, open.id);
      return { ...open, endedAt: now().toISOString(), handoverNote };
    },
  };
}
