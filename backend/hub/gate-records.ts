// What a gate sends up to its hub (docs/school-hub.md): each record it writes — entries,
// courier drop-offs, walk-in requests, its duty log — read whole from its own tables with the
// personal numbers opened for the wire. The hub seals them again under its own key
// (hub-intake.ts). The record's id is the gate's hub_outbox row, in the order written.
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { openCardText } from '../entries/entry-log';
import { openNullable, type FieldCipher, type FieldKind } from '../privacy/field-cipher';

export type GateRecordKind = 'entry' | 'courier' | 'walk-in' | 'shift';

type Row = Record<string, string | number | null>;

export const gateRecordSchema = z
  .object({
    id: z.number().int().positive(),
    kind: z.enum(['entry', 'courier', 'walk-in', 'shift']),
    row: z.record(z.string().regex(/^[a-z_]+$/), z.union([z.string(), z.number(), z.null()])),
  })
  .strict();

export type GateRecord = z.infer<typeof gateRecordSchema>;

export const gateRecordTables: Record<
  GateRecordKind,
  { table: string; sealed: Record<string, FieldKind>; derived: readonly string[] }
> = {
  entry: { table: 'entries', sealed: { id_number: 'id-number' }, derived: [] },
  courier: { table: 'courier_drop_offs', sealed: { phone: 'phone' }, derived: ['phone_hash'] },
  'walk-in': {
    table: 'walk_in_requests',
    sealed: { document_number: 'document-number', phone: 'phone' },
    derived: ['document_number_hash', 'phone_hash'],
  },
  shift: { table: 'shifts', sealed: {}, derived: [] },
};

export interface OutboxRow {
  id: number;
  kind: GateRecordKind;
  row_id: number;
}

/** Reads the gate's records waiting after `after`, oldest first, ready for the wire. */
export function createGateRecordReader(db: Database, cipher: FieldCipher) {
  const waiting = db.prepare<[number, number], OutboxRow>(
    'SELECT id, kind, row_id FROM hub_outbox WHERE id > ? ORDER BY id LIMIT ?',
  );
  const count = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM hub_outbox WHERE id > ?',
  );
  const byKind = new Map<GateRecordKind, Statement<[number], Row>>();
  const rowOf = (kind: GateRecordKind, id: number): Row | undefined => {
    let statement = byKind.get(kind);
    if (statement === undefined) {
      statement = db.prepare<[number], Row>(
        `SELECT * FROM ${gateRecordTables[kind].table} WHERE id = ?`,
      );
      byKind.set(kind, statement);
    }
    return statement.get(id);
  };
  return {
    waiting(after: number): number {
      return count.get(after)?.n ?? 0;
    },
    /** Up to `limit` records after `after`; a row gone since (never, today) is skipped. */
    read(after: number, limit: number): GateRecord[] {
      const records: GateRecord[] = [];
      for (const item of waiting.all(after, limit)) {
        const stored = rowOf(item.kind, item.row_id);
        if (stored === undefined) continue;
        const spec = gateRecordTables[item.kind];
        // The lookup hashes are under this gate's key: the hub makes its own.
        const row = Object.fromEntries(
          Object.entries(stored).filter(([column]) => !spec.derived.includes(column)),
        );
        for (const [column, fieldKind] of Object.entries(spec.sealed)) {
          const value = row[column];
          row[column] = openNullable(cipher, fieldKind, typeof value === 'string' ? value : null);
        }
        if (item.kind === 'entry' && typeof row.card_text === 'string') {
          row.card_text = openCardText(cipher, row.card_text);
        }
        records.push({ id: item.id, kind: item.kind, row });
      }
      return records;
    },
  };
}
