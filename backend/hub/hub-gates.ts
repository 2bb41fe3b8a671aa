// The gates a hub knows (docs/school-hub.md "Joining a gate"): enrolment makes a gate's own
// secret, sealed at rest with the hub's data key; revoking it refuses the gate from then on.
// Every request a gate makes is signed as the district protocol signs (HMAC-SHA256 over method,
// path, timestamp and body digest) and checked here; the secret never appears in an answer.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { hubGateNoticeSchema } from '../../contract/schemas';
import type { GateHealth, HubGate, HubGateNotice } from '../../contract/schemas';
import type { FieldCipher } from '../privacy/field-cipher';
import { allowedSkewMs, signDistrictRequest } from '../upload/district-client';

export type GateRefusal = 'unknown-gate' | 'revoked' | 'bad-signature' | 'clock';

export interface SignedRequest {
  gateId: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  method: string;
  path: string;
  body: Uint8Array;
}

interface StoredGate {
  id: string;
  secret: string;
  enrolled_at: string;
  revoked_at: string | null;
  last_contact_at: string | null;
  health: string | null;
  feed_cursor: number;
  received_through: number;
  notice: string | null;
}

/**
 * Stores what the hub noticed about a gate (JSON in hub_gates.notice), keeping the first
 * noticing of the same restore (its time, and the full count before the gate resent any) and
 * lost changes over resent records: those a person must make again, the records come back alone.
 */
export function createNoticeWriter(db: Database) {
  const current = db.prepare<[string], { notice: string | null }>(
    'SELECT notice FROM hub_gates WHERE id = ?',
  );
  const store = db.prepare<[string, string]>('UPDATE hub_gates SET notice = ? WHERE id = ?');
  return (gateId: string, notice: HubGateNotice): void => {
    const before = parseNotice(current.get(gateId)?.notice ?? null);
    const same = before?.code === notice.code && before.gateHad === notice.gateHad;
    const outranked = before?.code === 'changes-restored' && notice.code === 'records-restored';
    if (!same && !outranked) store.run(JSON.stringify(notice), gateId);
  };
}

/** A stored notice; null for none, or for one this hub cannot read. */
function parseNotice(text: string | null): HubGateNotice | null {
  if (text === null) return null;
  try {
    const parsed = hubGateNoticeSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

// The seal's kind: the gate secret is as sensitive as an ID number and uses the same key.
const secretKind = 'id-number';

/**
 * The hub's answer's signature, as a request's (district-client.ts) with ANSWER for the method
 * and the request's own signature for the time: bound to that one request — its path, time and
 * body — so that no answer can be taken for another request's, even one made in the same
 * millisecond or after the clock stepped back.
 */
export function signAnswer(
  secret: string,
  path: string,
  requestSignature: string,
  body: Uint8Array,
): string {
  return signDistrictRequest(secret, 'ANSWER', path, requestSignature, body);
}

export function createHubGates(db: Database, cipher: FieldCipher, now: () => Date) {
  const byId = db.prepare<[string], StoredGate>('SELECT * FROM hub_gates WHERE id = ?');
  const all = db.prepare<[], StoredGate>('SELECT * FROM hub_gates ORDER BY id');
  const contact = db.prepare<[string, string | null, number, string]>(
    `UPDATE hub_gates SET last_contact_at = ?, health = coalesce(?, health), feed_cursor = ?
     WHERE id = ?`,
  );
  const setNotice = createNoticeWriter(db);

  return {
    /**
     * Makes (or replaces) the gate's secret: a gate enrolled again gets a new one, and its old
     * secret stops working. Answers the new secret, which only this call ever shows.
     */
    enroll(gateId: string): string {
      const secret = randomBytes(32).toString('base64url');
      db.prepare(
        `INSERT INTO hub_gates (id, secret, enrolled_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET secret = excluded.secret, revoked_at = NULL`,
      ).run(gateId, cipher.seal(secretKind, secret), now().toISOString());
      return secret;
    },
    /** False when no such gate is enrolled. A revoked gate stays revoked until enrolled again. */
    revoke(gateId: string): boolean {
      db.prepare('UPDATE hub_gates SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(
        now().toISOString(),
        gateId,
      );
      return byId.get(gateId) !== undefined;
    },
    /** The gate that signed this request, or why it is refused. */
    verify(
      request: SignedRequest,
    ): { ok: true; gateId: string } | { ok: false; refusal: GateRefusal } {
      const gate = request.gateId === undefined ? undefined : byId.get(request.gateId);
      if (gate === undefined) return { ok: false, refusal: 'unknown-gate' };
      if (gate.revoked_at !== null) return { ok: false, refusal: 'revoked' };
      const time = Date.parse(request.timestamp ?? '');
      if (!Number.isFinite(time) || Math.abs(time - now().getTime()) > allowedSkewMs) {
        return { ok: false, refusal: 'clock' };
      }
      const expected = signDistrictRequest(
        cipher.open(secretKind, gate.secret),
        request.method,
        request.path,
        request.timestamp ?? '',
        request.body,
      );
      const given = Buffer.from(request.signature ?? '');
      const wanted = Buffer.from(expected);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        return { ok: false, refusal: 'bad-signature' };
      }
      return { ok: true, gateId: gate.id };
    },
    /**
     * Signs the hub's answer to a gate's request with that gate's secret, bound to the
     * request's path and timestamp: the gate takes nothing (keys, accounts, policy) from
     * anyone but its hub, and no earlier answer can be played back to a later request.
     */
    signAnswer(gateId: string, path: string, requestSignature: string, body: Uint8Array): string {
      const gate = byId.get(gateId);
      if (gate === undefined) throw new Error(`No gate ${gateId}`);
      return signAnswer(cipher.open(secretKind, gate.secret), path, requestSignature, body);
    },
    /** The gate asked for the feed: when, its health, and where it says it is in the feed. */
    contact(gateId: string, health: GateHealth | null, feedCursor: number): void {
      contact.run(
        now().toISOString(),
        health === null ? null : JSON.stringify(health),
        feedCursor,
        gateId,
      );
    },
    /** The hub noticed something about this gate a person should know; now is its time. */
    notice(gateId: string, notice: Omit<HubGateNotice, 'at'>): void {
      setNotice(gateId, { ...notice, at: now().toISOString() });
    },
    list(): HubGate[] {
      return all.all().map((row) => ({
        id: row.id,
        enrolledAt: row.enrolled_at,
        revokedAt: row.revoked_at,
        lastContactAt: row.last_contact_at,
        health: row.health === null ? null : (JSON.parse(row.health) as GateHealth),
        feedCursor: row.feed_cursor,
        receivedThrough: row.received_through,
        notice: parseNotice(row.notice),
      }));
    },
  };
}

export type HubGates = ReturnType<typeof createHubGates>;
