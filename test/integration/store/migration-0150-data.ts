// Test helper for migration 0150: a data folder at the version before it (the migrations from
// 0150 on left out), holding appointments with children, walk-ins in every state, a drop-off and
// fever cases open and closed. For tests only.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { copyMigrations, makeTempDir } from '../../fixtures/temp-data-dir';
import { insertBasics } from '../../fixtures/visit-rows';
import {
  insertAppointmentRow,
  insertCourierRow,
  insertFeverCaseRow,
  insertWalkInRow,
} from '../retention/record-rows';

const visitor = (n: number) => ({
  name: `访客${n}`,
  documentNumber: `11010519491231${String(n).padStart(3, '0')}X`,
  phone: `1380013${String(n).padStart(4, '0')}`,
});

/** A data folder at the version before 0150 holding every kind of record, and that version. */
export function oldDataDir(): { dir: string; migrations: string } {
  const dir = makeTempDir('kiosk-0150-');
  const migrations = copyMigrations();
  for (const name of readdirSync(migrations).filter((file) => file >= '0150')) {
    rmSync(join(migrations, name));
  }
  const db = openDatabase(databaseFile(dir), { migrationsDir: migrations });
  fill(db);
  db.close();
  return { dir, migrations };
}

function fill(db: Database): void {
  insertBasics(db);
  insertAppointmentRow(db, 'A1', '2026-11-23T10:00:00.000Z', visitor(1));
  insertAppointmentRow(db, 'A2', '2026-11-23T12:00:00.000Z', visitor(2));
  // Children of appointments: an entry and an approved walk-in name A1.
  db.prepare(
    `INSERT INTO entries (check_id, at, gate_id, decision, reasons, card_text, identity_source,
       name, kind, policy_version, appointment_id)
     VALUES ('visit-1', '2026-11-23T09:00:00.000Z', 'north', 'pass', '[]', '', 'camera', '访客1',
       'visitor', 1, 'A1')`,
  ).run();
  insertWalkInRow(db, '2026-11-23T08:00:00.000Z', visitor(1), {
    state: 'approved',
    appointmentId: 'A1',
  });
  insertWalkInRow(db, '2026-11-23T08:30:00.000Z', visitor(3), { state: 'declined' });
  insertWalkInRow(db, '2026-11-23T09:30:00.000Z', visitor(4), { state: 'pending' });
  insertCourierRow(db, '2026-11-23T03:00:00.000Z', {
    name: '刘师傅',
    phone: '13700137000',
    recipient: '教务处',
  });
  insertFeverCaseRow(db, '2026-11-23T00:10:00.000Z', '2026-11-23T04:00:00.000Z', '张妈妈');
  insertFeverCaseRow(db, '2026-11-23T00:20:00.000Z', null, '李爸爸');
}
