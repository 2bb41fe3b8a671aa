// Courier and delivery-rider drop-offs (R7): who came, from which company, for whom, when, at
// which gate and which guard took it. Couriers never enter, so nothing here touches the gate
// check or the entry log. Phone numbers are stored sealed with their lookup hash
// (sealed-numbers.ts) and leave this module masked only. A drop-off the retention purge erased
// (0150) is listed without the courier's name and phone, the recipient and the note.
import type { Database } from 'better-sqlite3';
import type { ActorView } from '../../contract/schemas';
import type {
  CourierDropOffView,
  CourierInput,
} from '../../contract/operations/courier-operations';
import { ApiError } from '../../contract/errors';
import { normalizePhone } from '../../contract/phone-number';
import { isCalendarDate, shanghaiDate, shanghaiDayRange } from '../../contract/school-time';
import type { FieldCipher } from '../privacy/field-cipher';
import { maskedNumber, sealNumber } from './sealed-numbers';

interface Row {
  id: number;
  at: string;
  gate_id: string;
  /** NULL once purged_at is set, and only then (0150), like the phone and the recipient. */
  courier_name: string | null;
  /** Sealed (`enc1:`), or plain text left by a version before 0140 until the next start. */
  phone: string | null;
  company: string;
  recipient: string | null;
  parcels: number | null;
  note: string | null;
  guard_name: string;
  purged_at: string | null;
}

/** One drop-off's values, in the insert's column order. */
type InsertValues = [
  at: string,
  gateId: string,
  courierName: string,
  phone: string,
  phoneHash: string,
  company: string,
  recipient: string,
  parcels: number | null,
  note: string | null,
  guardId: number,
  guardName: string,
];

export function createCouriers(db: Database, gateId: string, now: () => Date, cipher: FieldCipher) {
  const insert = db.prepare<InsertValues>(
    `INSERT INTO courier_drop_offs (at, gate_id, courier_name, phone, phone_hash, company,
       recipient, parcels, note, guard_id, guard_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    phone: maskedNumber(cipher, 'phone', row.phone),
    company: row.company,
    recipient: row.recipient,
    parcels: row.parcels,
    note: row.note,
    guardName: row.guard_name,
    purged: row.purged_at !== null,
  });

  return {
    register(input: CourierInput, guard: ActorView): CourierDropOffView {
      const phone = normalizePhone(input.phone);
      if (phone === null) throw new ApiError('bad-input', 'The phone number is not valid');
      const sealedPhone = sealNumber(cipher, 'phone', phone);
      const { lastInsertRowid } = insert.run(
        now().toISOString(),
        gateId,
        input.courierName.trim(),
        sealedPhone.sealed,
        sealedPhone.hash,
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
