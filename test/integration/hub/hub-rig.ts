// Test rig for the school hub suites: a hub and a gate, each a real SQLite file in its own temp
// folder with its OWN data key (so a number sealed at the hub never opens at the gate), the
// hub's change feed and the gate's copy, the school's pass key, and a clock the test moves.
// The feed travels through JSON as it does over HTTP. Callers remove the folders in afterEach
// (removeTempDirs) and close the databases (close()).
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createEntryLog, type EntryLog } from '../../../backend/entries/entry-log';
import { createChangeFeed, type ChangeFeed, type FeedPage } from '../../../backend/hub/change-feed';
import type { SignedRequest } from '../../../backend/hub/hub-gates';
import { setSchoolRole } from '../../../backend/hub/school-role';
import { createFieldCipher, type FieldCipher } from '../../../backend/privacy/field-cipher';
import { createReplicaStore, type ReplicaStore } from '../../../backend/replica/replica-store';
import { openDatabase } from '../../../backend/store/database';
import { signDistrictRequest } from '../../../backend/upload/district-client';
import { keyId } from '../../../backend/visitors/pass-token';
import { makeTempDir } from '../../fixtures/temp-data-dir';
import { insertBasics } from '../../fixtures/visit-rows';

export interface SchoolSide {
  db: Database;
  cipher: FieldCipher;
  entryLog: EntryLog;
}

/** A database of its own, with its own data key, in the given school role (null: a kiosk). */
export function openSide(role: 'hub' | 'gate' | null): SchoolSide {
  const db = openDatabase(join(makeTempDir('kiosk-hub-test-'), 'kiosk.db'));
  if (role !== null) setSchoolRole(db, role);
  const cipher = createFieldCipher(randomBytes(32));
  return { db, cipher, entryLog: createEntryLog(db, cipher) };
}

export interface PassKey {
  kid: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function makePassKey(): PassKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { kid: keyId(publicKey), publicKey, privateKey };
}

export interface School {
  hub: SchoolSide;
  gate: SchoolSide;
  feed: ChangeFeed;
  replica: ReplicaStore;
  passKeys: Map<string, KeyObject>;
  clock: { now: Date };
  /** One page from the hub as the gate would receive it (through JSON). */
  page(limit?: number): FeedPage;
  /** Pulls pages of at most `limit` until the gate holds the hub's head; answers the pages. */
  sync(limit?: number): FeedPage[];
  close(): void;
}

/**
 * A hub with the two accounts and policy 1 of visit-rows (written after it became the hub, so
 * the feed names them) and a gate called 'east' that has copied nothing yet.
 */
export function startSchool(): School {
  const hub = openSide('hub');
  insertBasics(hub.db);
  const gate = openSide('gate');
  const key = makePassKey();
  const passKeys = new Map([[key.kid, key.publicKey]]);
  const clock = { now: new Date('2026-11-23T02:00:00.000Z') };
  const feed = createChangeFeed({ db: hub.db, cipher: hub.cipher, passKeys: () => passKeys });
  feed.seed();
  const replica = createReplicaStore(gate.db, gate.cipher, 'east');
  // As the hub's service answers: the page with how far the hub holds the gate's records, read
  // together with it.
  const received = hub.db.prepare<[], { received_through: number }>(
    "SELECT received_through FROM hub_gates WHERE id = 'east'",
  );
  const page = (limit = 1000): FeedPage =>
    JSON.parse(
      JSON.stringify({
        ...feed.page(replica.meta().cursor, limit),
        receivedThrough: received.get()?.received_through ?? 0,
      }),
    ) as FeedPage;
  return {
    hub,
    gate,
    feed,
    replica,
    passKeys,
    clock,
    page,
    sync(limit = 1000) {
      const pages: FeedPage[] = [];
      for (;;) {
        const next = page(limit);
        replica.apply(next, clock.now);
        pages.push(next);
        if (next.cursor >= next.head) return pages;
        if (pages.length > 10_000) throw new Error('the feed never reached its head');
      }
    },
    close() {
      hub.db.close();
      gate.db.close();
    },
  };
}

/** A request as a gate signs it (hub-link.ts), at the gate's own time; a feed request unless told. */
export function signedRequest(
  gateId: string,
  secret: string,
  at: Date,
  body: unknown = { cursor: 0 },
  path = '/hub/v1/feed',
): SignedRequest {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const timestamp = at.toISOString();
  return {
    gateId,
    timestamp,
    signature: signDistrictRequest(secret, 'POST', path, timestamp, bytes),
    method: 'POST',
    path,
    body: bytes,
  };
}
