// A gate's copy of what its hub owns (docs/school-hub.md "Down to the gates"): each page of the
// hub's change feed applied in one transaction with the cursor it brings the gate to, so a gate
// stopped at any moment resumes from the last page it holds whole. Also where the gate keeps
// which hub it follows, how far the hub has its records, and the school's public pass keys.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { FieldCipher } from '../privacy/field-cipher';
import type { FeedChange, FeedPage } from '../hub/change-feed';
import { replicatedKinds, writeRow, type ReplicatedKind } from '../hub/replicated-tables';
import { keyId } from '../visitors/pass-token';

type Row = Record<string, string | number | null>;

export interface ReplicaMeta {
  hubId: string | null;
  /** The last feed change this gate holds. */
  cursor: number;
  /** When the gate last held everything the hub had (its copy's age), ISO. */
  syncedAt: string | null;
  /** The last of this gate's records (hub_outbox id) the hub has stored. */
  sentThrough: number;
}

/**
 * The last of this gate's entries the copy of the hub's visit counts (replica_visits) includes:
 * visitors-on-campus.ts counts this gate's own passes after it. Set only from a page that
 * reaches the hub's head, with the number the hub read together with that page; an entry the
 * hub has stored but whose count has not reached this gate yet is still counted here.
 */
export const countedEntryThroughKey = 'hub_counted_entry_through';

const metaKeys = {
  hubId: 'hub_id',
  cursor: 'hub_feed_cursor',
  syncedAt: 'hub_synced_at',
  sentThrough: 'hub_sent_through',
} as const;

export function createReplicaStore(db: Database, cipher: FieldCipher, gateId: string) {
  const getMeta = db.prepare<[string], { value: string }>(
    'SELECT value FROM kiosk_meta WHERE key = ?',
  );
  const setMeta = db.prepare<[string, string]>(
    `INSERT INTO kiosk_meta (key, value) VALUES (?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
  const putVisit = db.prepare<[Row]>(
    `INSERT INTO replica_visits (appointment_id, ins, outs, last_in_at)
     VALUES (@appointment_id, @ins, @outs, @last_in_at)
     ON CONFLICT (appointment_id) DO UPDATE SET ins = excluded.ins, outs = excluded.outs,
       last_in_at = excluded.last_in_at`,
  );
  const putPassKey = db.prepare<[string, string]>(
    'INSERT OR REPLACE INTO replica_pass_keys (kid, public_key) VALUES (?, ?)',
  );
  const passKeyRows = db.prepare<[], { kid: string; public_key: string }>(
    'SELECT kid, public_key FROM replica_pass_keys',
  );
  const decideWalkIn = db.prepare<[Row]>(
    `UPDATE walk_in_requests SET state = @state, decided_at = @decided_at,
       decided_by = @decided_by, decided_by_name = @decided_by_name,
       decline_reason = @decline_reason, appointment_id = @appointment_id
     WHERE id = @origin_id AND state = 'pending'`,
  );
  // The last entry among this gate's records through a given one.
  const lastEntrySent = db.prepare<[number], { row_id: number | null }>(
    "SELECT max(row_id) AS row_id FROM hub_outbox WHERE kind = 'entry' AND id <= ?",
  );

  const number = (key: string) => Number(getMeta.get(key)?.value ?? 0);

  function applyChange(change: FeedChange): void {
    const { kind, row } = change;
    if (row === null) return; // rows the hub owns are never deleted; a gone key has no row
    if ((replicatedKinds as string[]).includes(kind)) {
      writeRow(db, cipher, kind as ReplicatedKind, row);
    } else if (kind === 'visit') {
      putVisit.run(row);
    } else if (kind === 'pass-key') {
      const publicKey = createPublicKey(String(row.public_key));
      // A key must be the one its kid names, or a hub could slip in a key under another's name.
      if (keyId(publicKey) !== change.key)
        throw new Error(`Pass key ${change.key} does not match.`);
      putPassKey.run(change.key, String(row.public_key));
    } else if (kind === 'walk-in') {
      if (row.gate_id === gateId) decideWalkIn.run(row);
    }
  }

  const apply = db.transaction((page: FeedPage, at: Date): void => {
    db.pragma('defer_foreign_keys = ON');
    for (const change of page.changes) applyChange(change);
    setMeta.run(metaKeys.hubId, page.hubId);
    setMeta.run(metaKeys.cursor, String(page.cursor));
    if (page.cursor >= page.head) {
      setMeta.run(metaKeys.syncedAt, at.toISOString());
      if (page.receivedThrough !== undefined) {
        const entry = lastEntrySent.get(page.receivedThrough)?.row_id ?? 0;
        setMeta.run(countedEntryThroughKey, String(entry));
      }
    }
  });

  let keyCache: { count: number; keys: Map<string, KeyObject> } | null = null;

  return {
    meta(): ReplicaMeta {
      return {
        hubId: getMeta.get(metaKeys.hubId)?.value ?? null,
        cursor: number(metaKeys.cursor),
        syncedAt: getMeta.get(metaKeys.syncedAt)?.value ?? null,
        sentThrough: number(metaKeys.sentThrough),
      };
    },
    /** Applies one page and moves the cursor, all or nothing. */
    apply(page: FeedPage, at: Date): void {
      apply.immediate(page, at);
    },
    /** The hub's feed is behind this gate's cursor (restored): follow it from its head on. */
    rewindFeed(head: number): void {
      setMeta.run(metaKeys.cursor, String(head));
    },
    /** The hub has this gate's records through `through` (a restored hub: fewer than before). */
    setSentThrough(through: number): void {
      setMeta.run(metaKeys.sentThrough, String(through));
    },
    /** The school's pass keys by kid, as the hub sent them. */
    passKeys(): Map<string, KeyObject> {
      const rows = passKeyRows.all();
      if (keyCache === null || keyCache.count !== rows.length) {
        keyCache = {
          count: rows.length,
          keys: new Map(rows.map((row) => [row.kid, createPublicKey(row.public_key)])),
        };
      }
      return keyCache.keys;
    },
  };
}

export type ReplicaStore = ReturnType<typeof createReplicaStore>;
