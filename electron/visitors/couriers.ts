// Courier and delivery-rider drop-offs (R7): who came, from which company, for whom, when, at
// which gate and which guard took it. Couriers never enter, so nothing here touches the gate
// check or the entry log. Phone numbers leave this module masked only.
import type { Database } from 'better-sqlite3';
import type { Actor } from '../accounts/accounts';
import type { CourierDropOffView, CourierInput } from '../contract/operations/courier-operations';
import { ApiError } from '../contract/errors';
import { maskPhone, normalizePhone } from '../contract/phone-number';
import { isCalendarDate, shanghaiDate, shanghaiDayRange } from '../export/shanghai-time';

interface Row {
  id: number;
  at: string;
  gate_id: string;
  courier_name: string;
  phone: string;
  company: string;
  recipient: string;
  parcels: number | null;
  note: string | null;
  guard_name: string;
}

export function createCouriers(db: Database, gateId: string, now: () => Date) {
  const insert = db.prepare<
    [string, string, string, string, string, string, number | null, string | null, number, string]
  >(
    `INSERT INTO courier_drop_offs (at, gate_id, courier_name, phone, company, recipient, parcels,
       note, guard_id, guard_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[number | bigint], Row>('SELECT * FROM courier_drop_offs WHERE id = ?');
  const between = db.prepare<[string, string], Row>(
    'SELECT * FROM courier_drop_offs WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC',
  );

  const view = (row: Row): CourierDropOffView => ({
    id: row.id,
    at: row.at,
    gateId: row.gate_id,
    courierName: row.courier_name,
    phone: maskPhone(row.phone),
    company: row.company,
    recipient: row.recipient,
    parcels: row.parcels,
    note: row.note,
    guardName: row.guard_name,
  });

  return {
    register(input: CourierInput, guard: Actor): CourierDropOffView {
      const phone = normalizePhone(input.phone);
      if (phone === null) throw new ApiError('bad-input', 'The phone number is not valid');
      const { lastInsertRowid } = insert.run(
        now().toISOString(),
        gateId,
        input.courierName.trim(),
        phone,
        input.company.trim(),
        input.recipient.trim(),
        input.parcels,
        input.note?.trim() || null,
        guard.id,
        guard.displayName,
      );
      const row = byId.get(lastInsertRowid);
      if (row === undefined) throw new ApiError('storage-failed', 'The drop-off was not saved');
      return view(row);
    },

    /** One Shanghai calendar day (default today), newest first. */
    onDay(date: string = shanghaiDate(now())): CourierDropOffView[] {
      if (!isCalendarDate(date))
        throw new ApiError('bad-input', `Not a date (YYYY-MM-DD): ${date}`);
      const { from, to } = shanghaiDayRange(date);
      return between.all(from, to).map(view);
    },
  };
}

export type Couriers = ReturnType<typeof createCouriers>;
