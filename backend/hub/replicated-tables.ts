// The tables the hub owns and every gate keeps a copy of (docs/school-hub.md): which columns
// travel, which are sealed at rest (opened for the wire, sealed again with the gate's own key),
// and which each side works out for itself (lookup hashes, sign-in failures). The hub reads a
// row with readRow(); the gate writes it with writeRow(). A row travels whole, so the copy is
// the hub's row as of the change, whatever happened before.
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { idTailHash } from '../roster/person-lookup';
import {
  openNullable,
  sealNullable,
  type FieldCipher,
  type FieldKind,
} from '../privacy/field-cipher';

interface TableSpec {
  table: string;
  key: string;
  columns: readonly string[];
  /** Sealed at rest: opened on the hub, sealed again on the gate. */
  sealed: Readonly<Record<string, FieldKind>>;
  /** Lookup hashes the gate computes from the opened value, under its own key. */
  derived: (cipher: FieldCipher, row: Row) => Row;
  /** On the gate: a column kept at the larger of the two (a pass's uses only ever grow). */
  grows?: string;
  /** Never changed once written (policy versions): a row sent again is left as it is. */
  immutable?: boolean;
  /**
   * A unique column the gate's copy may hold under another id: a hub restored from a backup
   * gives a card or a username to a new row. The stale row gives it up (marked `~id`) so the
   * hub's row can be written; the hub's copy of that id, if it comes, overwrites it.
   */
  displaces?: { column: string; sql: string };
}

type Row = Record<string, string | number | null>;

const hashOf = (cipher: FieldCipher, kind: FieldKind, value: string | number | null) =>
  typeof value === 'string' ? cipher.lookup(kind, value) : null;

export const replicatedTables = {
  person: {
    table: 'people',
    key: 'id',
    columns: [
      'id',
      'card',
      'name',
      'kind',
      'class_name',
      'id_number',
      'status',
      'status_reason',
      'status_set_by',
      'status_set_at',
      'imported_at',
    ],
    sealed: { id_number: 'id-number' },
    displaces: {
      column: 'card',
      sql: "UPDATE people SET card = '~' || id WHERE card = ? AND id <> ?",
    },
    derived: (cipher, row) => ({
      id_number_hash: hashOf(cipher, 'id-number', row.id_number ?? null),
      id_tail_hash: idTailHash(cipher, typeof row.id_number === 'string' ? row.id_number : null),
    }),
  },
  policy: {
    table: 'policies',
    key: 'version',
    columns: ['version', 'effective_from', 'body', 'created_at', 'source', 'saved_by'],
    sealed: {},
    derived: () => ({}),
    immutable: true,
  },
  appointment: {
    table: 'appointments',
    key: 'id',
    columns: [
      'id',
      'visitor_name',
      'document_type',
      'document_number',
      'phone',
      'host',
      'reason',
      'area',
      'vehicle_plate',
      'valid_from',
      'valid_to',
      'entries_allowed',
      'entries_used',
      'state',
      'created_at',
      'created_by',
      'approved_at',
      'approved_by',
      'revoked_at',
      'revoked_by',
      'revoke_reason',
      'pass_token',
      'purged_at',
    ],
    sealed: { document_number: 'document-number', phone: 'phone' },
    derived: (cipher, row) => ({
      document_number_hash: hashOf(cipher, 'document-number', row.document_number ?? null),
      phone_hash: hashOf(cipher, 'phone', row.phone ?? null),
    }),
    grows: 'entries_used',
  },
  account: {
    table: 'accounts',
    key: 'id',
    columns: [
      'id',
      'username',
      'display_name',
      'role',
      'secret_hash',
      'created_at',
      'created_by',
      'disabled_at',
      'deleted_at',
    ],
    // A displaced account can no longer sign in: its name is gone and it counts as deleted.
    displaces: {
      column: 'username',
      sql: `UPDATE accounts SET username = '~' || id, deleted_at = coalesce(deleted_at, created_at)
        WHERE username = ? AND id <> ?`,
    },
    sealed: {},
    derived: () => ({}),
  },
} satisfies Record<string, TableSpec>;

export type ReplicatedKind = keyof typeof replicatedTables;

export const replicatedKinds = Object.keys(replicatedTables) as ReplicatedKind[];

/** A row on the wire: column → value, personal numbers opened. */
export const wireRowSchema = z.record(
  z.string().regex(/^[a-z_]+$/),
  z.union([z.string(), z.number(), z.null()]),
);

const readers = new WeakMap<Database, Map<ReplicatedKind, Statement<[string], Row>>>();

/** The hub's row of `kind` named by `key`, opened for the wire; null when there is none. */
export function readRow(
  db: Database,
  cipher: FieldCipher,
  kind: ReplicatedKind,
  key: string,
): Row | null {
  const spec: TableSpec = replicatedTables[kind];
  let byKind = readers.get(db);
  if (byKind === undefined) readers.set(db, (byKind = new Map()));
  let statement = byKind.get(kind);
  if (statement === undefined) {
    statement = db.prepare<[string], Row>(
      `SELECT ${spec.columns.join(', ')} FROM ${spec.table} WHERE ${spec.key} = ?`,
    );
    byKind.set(kind, statement);
  }
  const row = statement.get(key);
  if (row === undefined) return null;
  for (const [column, fieldKind] of Object.entries(spec.sealed)) {
    const value = row[column];
    row[column] = openNullable(cipher, fieldKind, typeof value === 'string' ? value : null);
  }
  return row;
}

const writers = new WeakMap<Database, Map<ReplicatedKind, Statement<Row[]>>>();

/**
 * Writes the hub's row into the gate's copy: inserted, or the columns replaced. Call inside a
 * transaction with deferred foreign keys (a row may name an account that arrives in the same
 * pull). Columns the wire row lacks are refused: the two sides must agree on the table.
 */
export function writeRow(db: Database, cipher: FieldCipher, kind: ReplicatedKind, wire: Row): void {
  const spec: TableSpec = replicatedTables[kind];
  const row: Row = {};
  for (const column of spec.columns) {
    if (!(column in wire)) throw new Error(`The hub's ${kind} lacks ${column}.`);
    row[column] = wire[column] ?? null;
  }
  const derived = spec.derived(cipher, row);
  for (const [column, fieldKind] of Object.entries(spec.sealed)) {
    const value = row[column];
    row[column] = sealNullable(cipher, fieldKind, typeof value === 'string' ? value : null);
  }
  const all = { ...row, ...derived };
  let byKind = writers.get(db);
  if (byKind === undefined) writers.set(db, (byKind = new Map()));
  let statement = byKind.get(kind);
  if (statement === undefined) {
    const names = Object.keys(all);
    const updates = names
      .filter((name) => name !== spec.key)
      .map((name) =>
        name === spec.grows
          ? `${name} = max(${name}, excluded.${name})`
          : `${name} = excluded.${name}`,
      );
    const onConflict = spec.immutable === true ? 'NOTHING' : `UPDATE SET ${updates.join(', ')}`;
    statement = db.prepare(
      `INSERT INTO ${spec.table} (${names.join(', ')})
       VALUES (${names.map((name) => '@' + name).join(', ')})
       ON CONFLICT (${spec.key}) DO ${onConflict}`,
    );
    byKind.set(kind, statement);
  }
  if (spec.displaces !== undefined) {
    db.prepare(spec.displaces.sql).run(all[spec.displaces.column], all[spec.key]);
  }
  statement.run(all);
}
