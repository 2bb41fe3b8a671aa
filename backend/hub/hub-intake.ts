// The hub's side of a gate's upload (docs/school-hub.md "Up to the hub"): a batch of the gate's
// records stored in one transaction, each exactly once. The gate numbers its records 1, 2, 3 …
// (its hub_outbox) and says which it believes the hub has; the hub keeps, per gate, the last it
// stored. A record at or below that is a resend and is skipped; a batch that starts beyond it
// means the hub lost records (restored from an older backup) and is refused with the number the
// hub has, so the gate sends them again. Never trusts a column name from the wire.
import type { Database } from 'better-sqlite3';
import type { EntryView } from '../../contract/api';
import type { EntryLog } from '../entries/entry-log';
import type { FieldCipher } from '../privacy/field-cipher';
import { sealNullable } from '../privacy/field-cipher';
import { gateRecordTables, type GateRecord, type GateRecordKind } from './gate-records';
import { createNoticeWriter } from './hub-gates';

type Row = Record<string, string | number | null>;

export type IntakeAnswer =
  | { ok: true; receivedThrough: number; stored: number; entries: EntryView[] }
  | { ok: false; receivedThrough: number; reason: 'hub-behind' };

export interface HubIntakeOptions {
  db: Database;
  cipher: FieldCipher;
  entryLog: EntryLog;
  now: () => Date;
}

export function createHubIntake({ db, cipher, entryLog, now }: HubIntakeOptions) {
  const columnsOf = new Map<string, Set<string>>();
  const tableColumns = (table: string): Set<string> => {
    let columns = columnsOf.get(table);
    if (columns === undefined) {
      const info = db.prepare<[], { name: string }>(
        `SELECT name FROM pragma_table_info('${table}')`,
      );
      columns = new Set(info.all().map((column) => column.name));
      columnsOf.set(table, columns);
    }
    return columns;
  };
  const receivedThrough = db.prepare<[string], { received_through: number }>(
    'SELECT received_through FROM hub_gates WHERE id = ?',
  );
  const setReceived = db.prepare<[number, string]>(
    'UPDATE hub_gates SET received_through = ? WHERE id = ?',
  );
  const setNotice = createNoticeWriter(db);
  const originOf = db.prepare<[GateRecordKind, string, number], { local_id: number }>(
    'SELECT local_id FROM hub_origins WHERE kind = ? AND gate_id = ? AND origin_id = ?',
  );
  const addOrigin = db.prepare<[GateRecordKind, string, number, number]>(
    'INSERT INTO hub_origins (kind, gate_id, origin_id, local_id) VALUES (?, ?, ?, ?)',
  );
  const exists = {
    person: db.prepare<[unknown], { one: number }>('SELECT 1 AS one FROM people WHERE id = ?'),
    appointment: db.prepare<[unknown], { one: number }>(
      'SELECT 1 AS one FROM appointments WHERE id = ?',
    ),
    account: db.prepare<[unknown], { one: number }>('SELECT 1 AS one FROM accounts WHERE id = ?'),
  };
  const useOne = db.prepare<[string]>(
    `UPDATE appointments SET entries_used = entries_used + 1
     WHERE id = ? AND entries_used < entries_allowed`,
  );
  const overuse = db.prepare<[number, string, string, string]>(
    'INSERT INTO hub_pass_overuse (entry_id, appointment_id, gate_id, at) VALUES (?, ?, ?, ?)',
  );

  /** The row's columns this table has, the gate's id, references the hub cannot follow cut. */
  function columnsFor(kind: GateRecordKind, gateId: string, wire: Row): Row {
    const spec = gateRecordTables[kind];
    const known = tableColumns(spec.table);
    const row: Row = {};
    for (const [name, value] of Object.entries(wire)) {
      if (known.has(name) && name !== 'id' && !spec.derived.includes(name)) row[name] = value;
    }
    if ('gate_id' in row) row.gate_id = gateId;
    const cut = (column: string, table: keyof typeof exists) => {
      if (row[column] != null && exists[table].get(row[column]) === undefined) row[column] = null;
    };
    cut('person_id', 'person');
    cut('appointment_id', 'appointment');
    for (const column of ['requested_by', 'decided_by', 'guard_id', 'created_by']) {
      if (column in row) cut(column, 'account');
    }
    if (kind === 'entry' && row.follows_entry_id != null) {
      const follows = originOf.get('entry', gateId, Number(row.follows_entry_id));
      row.follows_entry_id = follows?.local_id ?? null;
    }
    for (const [column, fieldKind] of Object.entries(spec.sealed)) {
      if (kind === 'entry') continue; // the entry log seals its own (appendCopy)
      const value = row[column];
      row[column] = sealNullable(cipher, fieldKind, typeof value === 'string' ? value : null);
      const hashColumn = `${column}_hash`;
      if (spec.derived.includes(hashColumn)) {
        row[hashColumn] = typeof value === 'string' ? cipher.lookup(fieldKind, value) : null;
      }
    }
    return row;
  }

  function insertRow(table: string, row: Row): number {
    const names = Object.keys(row);
    const sql = `INSERT INTO ${table} (${names.join(', ')})
      VALUES (${names.map((name) => '@' + name).join(', ')})`;
    return Number(db.prepare(sql).run(row).lastInsertRowid);
  }

  function updateRow(table: string, id: number, row: Row): void {
    const names = Object.keys(row);
    const sql = `UPDATE ${table} SET ${names.map((name) => `${name} = @${name}`).join(', ')}
      WHERE id = @id`;
    db.prepare(sql).run({ ...row, id });
  }

  function store(
    gateId: string,
    record: GateRecord,
    entries: EntryView[],
    gateUploads: boolean,
  ): void {
    const row = columnsFor(record.kind, gateId, record.row);
    const originId = Number(record.row.id);
    const known = originOf.get(record.kind, gateId, originId);
    if (known !== undefined) {
      // Only a shift changes after it is written (its end and handover note).
      if (record.kind === 'shift') updateRow('shifts', known.local_id, row);
      return;
    }
    let localId: number;
    if (record.kind === 'entry') {
      const entry = entryLog.appendCopy(row, !gateUploads);
      localId = entry.id;
      entries.push(entry);
      countPassUse(gateId, localId, row);
    } else {
      localId = insertRow(gateRecordTables[record.kind].table, row);
    }
    addOrigin.run(record.kind, gateId, originId, localId);
  }

  /** A visitor's pass, counted school-wide; beyond its allowance it is flagged, not lost. */
  function countPassUse(gateId: string, entryId: number, row: Row): void {
    if (row.appointment_id == null || row.decision !== 'pass' || row.direction === 'out') return;
    const appointment = String(row.appointment_id);
    if (useOne.run(appointment).changes === 0) {
      overuse.run(entryId, appointment, gateId, String(row.at));
    }
  }

  const take = db.transaction(
    (gateId: string, after: number, records: GateRecord[], gateUploads: boolean): IntakeAnswer => {
      db.pragma('defer_foreign_keys = ON');
      const through = receivedThrough.get(gateId)?.received_through ?? 0;
      if (after > through) {
        // Restored from an older backup: the gate sends them again.
        setNotice(gateId, {
          code: 'records-restored',
          at: now().toISOString(),
          gateHad: after,
          hubHas: through,
        });
        return { ok: false, receivedThrough: through, reason: 'hub-behind' };
      }
      const entries: EntryView[] = [];
      let last = through;
      let stored = 0;
      for (const record of records) {
        if (record.id <= last) continue;
        store(gateId, record, entries, gateUploads);
        last = record.id;
        stored += 1;
      }
      setReceived.run(last, gateId);
      return { ok: true, receivedThrough: last, stored, entries };
    },
  );

  return {
    /** The last of the gate's records this hub holds. */
    receivedThrough(gateId: string): number {
      return receivedThrough.get(gateId)?.received_through ?? 0;
    },
    /**
     * Stores what is new in one transaction; the caller announces the entries afterwards.
     * `gateUploads`: the gate sends its own entries to the district, so the hub does not.
     */
    take(gateId: string, after: number, records: GateRecord[], gateUploads: boolean): IntakeAnswer {
      return take.immediate(gateId, after, records, gateUploads);
    },
  };
}

export type HubIntake = ReturnType<typeof createHubIntake>;
