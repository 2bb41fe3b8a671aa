// The hub's change feed (docs/school-hub.md "Down to the gates"): everything a gate needs to
// decide offline, as the rows that changed after a gate's cursor, each row as it is now. The
// triggers of 0200 note which row changed; a row changed many times since the cursor is sent
// once. The feed's head only grows, so a gate that holds a cursor beyond it is talking to a hub
// restored from an older backup, and the hub says so rather than send it older data.
import type { Database } from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import type { FieldCipher } from '../privacy/field-cipher';
import {
  readRow,
  replicatedKinds,
  replicatedTables,
  type ReplicatedKind,
} from './replicated-tables';

type Row = Record<string, string | number | null>;

export type FeedKind = ReplicatedKind | 'pass-key' | 'visit' | 'walk-in';

export interface FeedChange {
  seq: number;
  kind: FeedKind;
  key: string;
  /** The row as it is now; null when it is gone. */
  row: Row | null;
}

export interface FeedPage {
  /** The hub's installation id: a gate never takes changes from another hub. */
  hubId: string;
  /** The hub's newest change. */
  head: number;
  /** Where the gate stands after taking these changes. */
  cursor: number;
  /**
   * The last of the asking gate's records the hub holds, read with the page: when the page
   * reaches the head, its visits count exactly those of the gate's passes.
   */
  receivedThrough?: number;
  changes: FeedChange[];
}

export interface ChangeFeedOptions {
  db: Database;
  cipher: FieldCipher;
  /** The school's public pass keys by kid. */
  passKeys: () => Map<string, KeyObject>;
}

// The rows a row names, which the gate's foreign keys check when it commits a page: who made or
// decided an appointment, who made an account, a walk-in's decision and its appointment.
const namedRows: Partial<Record<FeedKind, readonly (readonly [string, FeedKind])[]>> = {
  appointment: [
    ['created_by', 'account'],
    ['approved_by', 'account'],
    ['revoked_by', 'account'],
  ],
  account: [['created_by', 'account']],
  'walk-in': [
    ['appointment_id', 'appointment'],
    ['decided_by', 'account'],
  ],
};

export function createChangeFeed({ db, cipher, passKeys }: ChangeFeedOptions) {
  const headOf = db.prepare<[], { head: number | null }>(
    'SELECT max(seq) AS head FROM feed_changes',
  );
  const hubId = db
    .prepare<[], { value: string }>("SELECT value FROM kiosk_meta WHERE key = 'installation_id'")
    .get()?.value;
  if (hubId === undefined) throw new Error('The hub has no installation id.');
  // The latest change of each row after the cursor, in the order of those latest changes.
  const since = db.prepare<[number, number], { seq: number; kind: FeedKind; key: string }>(
    `SELECT max(seq) AS seq, kind, key FROM feed_changes WHERE seq > ?
     GROUP BY kind, key ORDER BY seq LIMIT ?`,
  );
  const visit = db.prepare<[string], Row>(
    `SELECT appointment_id, sum(direction = 'in') AS ins, sum(direction = 'out') AS outs,
       max(CASE WHEN direction = 'in' THEN at END) AS last_in_at
     FROM entries WHERE appointment_id = ? AND decision = 'pass' GROUP BY appointment_id`,
  );
  const walkIn = db.prepare<[string], Row>(
    `SELECT o.gate_id, o.origin_id, w.state, w.decided_at, w.decided_by, w.decided_by_name,
       w.decline_reason, w.appointment_id
     FROM walk_in_requests w JOIN hub_origins o ON o.kind = 'walk-in' AND o.local_id = w.id
     WHERE w.id = ?`,
  );
  const seedKind = db.prepare<[string, string]>(
    'INSERT INTO feed_changes (kind, key) VALUES (?, ?)',
  );
  const known = db.prepare<[string, string], { one: number }>(
    'SELECT 1 AS one FROM feed_changes WHERE kind = ? AND key = ?',
  );
  const latest = db.prepare<[string, string], { seq: number | null }>(
    'SELECT max(seq) AS seq FROM feed_changes WHERE kind = ? AND key = ?',
  );

  function rowOf(kind: FeedKind, key: string): Row | null {
    switch (kind) {
      case 'person':
      case 'policy':
      case 'appointment':
      case 'account':
        return readRow(db, cipher, kind, key);
      case 'pass-key': {
        const publicKey = passKeys().get(key);
        return publicKey === undefined
          ? null
          : { kid: key, public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
      }
      case 'visit':
        return visit.get(key) ?? null;
      case 'walk-in':
        return walkIn.get(key) ?? null;
      default: {
        const never: never = kind;
        throw new Error(`Unknown feed kind ${String(never)}`);
      }
    }
  }

  /**
   * The page's changes and the rows they name that the gate would not hold once at `cursor`:
   * a row is sent at its latest change, so an account reset after it made an appointment would
   * otherwise come a page after the appointment, and the gate could never commit that page.
   * Sent again in its own page later, which changes nothing.
   */
  function withNamedRows(changes: FeedChange[], cursor: number): FeedChange[] {
    const all = [...changes];
    const sent = new Set(all.map((change) => `${change.kind}:${change.key}`));
    // `all` grows as named rows are added, so the rows they name are looked at too.
    for (let index = 0; index < all.length; index += 1) {
      const change = all[index];
      if (change === undefined) break;
      for (const [column, kind] of namedRows[change.kind] ?? []) {
        const value = change.row?.[column];
        if (value === undefined || value === null) continue;
        const key = String(value);
        const seq = latest.get(kind, key)?.seq ?? null;
        if (sent.has(`${kind}:${key}`) || (seq !== null && seq <= cursor)) continue;
        sent.add(`${kind}:${key}`);
        all.push({ seq: seq ?? cursor, kind, key, row: rowOf(kind, key) });
      }
    }
    return all;
  }

  return {
    hubId,
    head(): number {
      return headOf.get()?.head ?? 0;
    },
    /** Up to `limit` rows changed after `cursor`. */
    page(cursor: number, limit: number): FeedPage {
      const head = this.head();
      const changes = since.all(cursor, limit).map((change) => ({
        ...change,
        key: String(change.key),
        row: rowOf(change.kind, String(change.key)),
      }));
      const last = changes.at(-1)?.seq ?? head;
      const through = changes.length === limit ? last : head;
      return { hubId, head, cursor: through, changes: withNamedRows(changes, through) };
    },
    /**
     * Notes every row a gate needs that the feed has not yet named: the roster, policy and so
     * on written before this database became a hub, and the school's pass keys.
     */
    seed: db.transaction(() => {
      for (const kind of replicatedKinds) {
        const { table, key } = replicatedTables[kind];
        db.prepare(
          `INSERT INTO feed_changes (kind, key) SELECT ?, ${key} FROM ${table} t
           WHERE NOT EXISTS (SELECT 1 FROM feed_changes f WHERE f.kind = ? AND f.key = t.${key})
           ORDER BY ${key}`,
        ).run(kind, kind);
      }
      for (const kid of passKeys().keys()) {
        if (known.get('pass-key', kid) === undefined) seedKind.run('pass-key', kid);
      }
    }),
  };
}

export type ChangeFeed = ReturnType<typeof createChangeFeed>;
