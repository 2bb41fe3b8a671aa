// A gate takes the hub's answers only when the hub signed them (backend/hub/hub-gates.ts
// signAnswer, sent by server/hub-routes.ts as x-signature, checked by backend/replica/hub-link.ts):
// a real hub and a real gate, whole kiosks in this process, and between them, at the address in
// the gate's config, a small server that passes the hub's answers on — until it answers itself,
// as a machine that took the hub's address would: a well-formed feed page carrying its own pass
// key and admin account, and a records answer saying the hub has everything, unsigned or signed
// with another secret; or a real answer of the hub's, signature and all, played back to a later
// request. The gate takes none of it and says the answer was not signed by the hub; it takes the
// real hub's answers again once they come back.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { signAnswer } from '../../../backend/hub/hub-gates';
import type { Kiosk } from '../../../backend/kiosk';
import { keyId } from '../../../backend/visitors/pass-token';
import type { CheckView } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { waitFor } from '../../rigs/wait-for';
import {
  gateCaller,
  gateConfig,
  linkStatus,
  makeDataDir,
  serveHub,
  startKiosk,
  statusOf,
  stopSchoolKiosks,
} from './school-kiosks';

type Mode = 'hub' | 'unsigned' | 'wrong-secret' | 'replay';

/** The server at the hub's address: the hub's answers passed on, or its own. */
interface Front {
  mode: Mode;
  /** Keep the hub's feed answer when this says so (played back in 'replay'). */
  keep: ((page: { changes: { kind: string; row: unknown }[] }) => boolean) | null;
  kept: { bytes: Buffer; signature: string } | null;
  /** Answers made by the impostor, by path. */
  answered: Record<string, number>;
}

let fronts: Server[] = [];

afterEach(async () => {
  await stopSchoolKiosks();
  for (const server of fronts) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  fronts = [];
});

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A pass key and an admin account the school never made, as feed changes after `cursor`. */
function forgedChanges(cursor: number) {
  const { publicKey } = generateKeyPairSync('ed25519');
  const kid = keyId(publicKey);
  return [
    {
      seq: cursor + 1,
      kind: 'pass-key',
      key: kid,
      row: { kid, public_key: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    },
    {
      seq: cursor + 2,
      kind: 'account',
      key: '900',
      row: {
        id: 900,
        username: 'mallory',
        display_name: '冒充者',
        role: 'admin',
        secret_hash: 'scrypt$forged',
        created_at: '2026-11-23T00:00:00.000Z',
        created_by: null,
        disabled_at: null,
        deleted_at: null,
      },
    },
  ];
}

async function startFront(hubUrl: string, hubId: string, front: Front): Promise<string> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const body = await bodyOf(request);
      const header = (name: string) => String(request.headers[name] ?? '');
      let status = 200;
      let bytes: Buffer;
      let signature: string | null = null;
      if (front.mode === 'hub') {
        const answer = await fetch(`${hubUrl}${path}`, {
          method: 'POST',
          body: new Uint8Array(body),
          headers: {
            'content-type': 'application/json',
            'x-gate-id': header('x-gate-id'),
            'x-timestamp': header('x-timestamp'),
            'x-signature': header('x-signature'),
          },
        });
        status = answer.status;
        bytes = Buffer.from(await answer.arrayBuffer());
        signature = answer.headers.get('x-signature');
        if (
          path === '/hub/v1/feed' &&
          signature !== null &&
          front.keep?.(JSON.parse(String(bytes)))
        ) {
          front.kept = { bytes, signature };
        }
      } else {
        front.answered[path] = (front.answered[path] ?? 0) + 1;
        if (front.mode === 'replay') {
          if (front.kept === null) throw new Error('no answer of the hub was kept');
          ({ bytes, signature } = front.kept);
        } else {
          const asked = JSON.parse(String(body)) as { cursor?: number; sentThrough?: number };
          const cursor = asked.cursor ?? 0;
          const answer =
            path === '/hub/v1/feed'
              ? {
                  hubId,
                  head: cursor + 2,
                  cursor: cursor + 2,
                  receivedThrough: asked.sentThrough ?? 0,
                  changes: forgedChanges(cursor),
                }
              : { receivedThrough: 1_000_000, stored: 0 };
          bytes = Buffer.from(JSON.stringify(answer));
          if (front.mode === 'wrong-secret') {
            signature = signAnswer('not this gate’s secret', path, header('x-signature'), bytes);
          }
        }
      }
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        ...(signature === null ? {} : { 'x-signature': signature }),
      });
      response.end(bytes);
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  fronts.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A hub serving its routes, the front at the address the gate has, and gate 'east' synced. */
async function startSchool() {
  const hubDir = await makeDataDir();
  const { kiosk: hub, db: hubDb } = await startKiosk(
    hubDir,
    { gate: { id: 'office', name: '办公室' } },
    { hub: true },
  );
  const front: Front = { mode: 'hub', keep: null, kept: null, answered: {} };
  const url = await startFront(await serveHub(hub), hub.hub?.hubId ?? '', front);
  const { kiosk: gate, db: gateDb } = await startKiosk(
    await makeDataDir(),
    gateConfig(hub, 'east', url),
    { hubWaitSeconds: 1 },
  );
  await synced(gate);
  return { hub, hubDb, gate, gateDb, front };
}

const synced = (gate: Kiosk) =>
  linkStatus(
    gate,
    (status) => status?.state === 'online' && status.syncedAt !== null && status.error === null,
    'the gate to hold the hub’s feed',
  );

/** What the gate copied from its hub, and where it stands in the feed and the records. */
function copyOf(db: Database) {
  const rows = (sql: string) => db.prepare(sql).all();
  return {
    people: rows('SELECT * FROM people ORDER BY id'),
    accounts: rows('SELECT * FROM accounts ORDER BY id'),
    policies: rows('SELECT * FROM policies ORDER BY version'),
    appointments: rows('SELECT * FROM appointments ORDER BY id'),
    passKeys: rows('SELECT * FROM replica_pass_keys ORDER BY kid'),
    visits: rows('SELECT * FROM replica_visits ORDER BY appointment_id'),
    // hub_synced_at left out: a held-open request the hub answers as the impostor comes in
    // may still bring it (an empty page).
    meta: rows(
      "SELECT * FROM kiosk_meta WHERE key LIKE 'hub\\_%' ESCAPE '\\' AND key <> 'hub_synced_at' ORDER BY key",
    ),
  };
}

const cursorOf = (db: Database) =>
  Number(
    db
      .prepare<[], { value: string }>("SELECT value FROM kiosk_meta WHERE key = 'hub_feed_cursor'")
      .get()?.value ?? 0,
  );

async function call(kiosk: Kiosk, name: string, input: unknown) {
  const result = await dispatch(kiosk.handlers, name, input, gateCaller, kiosk.audit);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The link says the answer at the hub's address was not the hub's. */
const notSigned = (gate: Kiosk) =>
  linkStatus(
    gate,
    (status) => status?.errorCode === 'unsigned-answer',
    'the gate to refuse an answer the hub did not sign',
  );

describe('a gate whose hub address is answered by an impostor', () => {
  it.each(['unsigned', 'wrong-secret'] as const)(
    'takes nothing from an answer %s: no key, no account, no cursor, no records marked sent',
    async (mode) => {
      const { hubDb, gate, gateDb, front } = await startSchool();
      const before = copyOf(gateDb);
      expect(before.passKeys).toHaveLength(1);
      front.mode = mode;
      // A pupil in: a record the gate must send, and the impostor says the hub has them all.
      await call(gate, 'simulateReading', { celsius: 36.6 });
      const check = (await call(gate, 'scan', { text: 'S2026001', source: 'wedge' })) as CheckView;
      expect(check.entry?.decision).toBe('pass');
      const status = await notSigned(gate);
      expect(status?.state).not.toBe('online');
      expect(status?.error).toMatch(/not signed by the hub/);
      // The impostor answered the records too, and the gate tried the feed again.
      await waitFor(
        () => front.answered,
        (answered) =>
          (answered['/hub/v1/feed'] ?? 0) >= 2 && (answered['/hub/v1/records'] ?? 0) >= 1,
        { timeoutMs: 15_000, what: 'the impostor to answer the feed twice and the records' },
      );
      expect(copyOf(gateDb)).toEqual(before);
      expect((await statusOf(gate)).hub).toMatchObject({
        errorCode: 'unsigned-answer',
        waiting: 1,
      });
      expect(gateDb.prepare("SELECT 1 FROM accounts WHERE username = 'mallory'").get()).toBe(
        undefined,
      );

      // The hub's own answers again: taken, and the pupil's entry reaches it.
      front.mode = 'hub';
      await linkStatus(
        gate,
        (seen) => seen?.state === 'online' && seen.errorCode === null && seen.waiting === 0,
        'the gate to take the hub’s answers again',
      );
      expect(
        hubDb.prepare("SELECT count(*) AS n FROM entries WHERE gate_id = 'east'").get(),
      ).toEqual({ n: 1 });
    },
  );

  it('takes nothing from a real answer of the hub’s played back to a later request', async () => {
    const { hubDb, gate, gateDb, front } = await startSchool();
    const guard = () =>
      gateDb
        .prepare<[], { disabled_at: string | null }>(
          "SELECT disabled_at FROM accounts WHERE username = 'zhao'",
        )
        .get();
    // The office adds a guard; the front keeps the hub's signed page that brings it.
    front.keep = (page) => page.changes.some((change) => change.kind === 'account');
    hubDb
      .prepare(
        `INSERT INTO accounts (username, display_name, role, secret_hash, created_at)
         VALUES ('zhao', '赵保安', 'guard', 'x', '2026-11-23T01:00:00.000Z')`,
      )
      .run();
    await waitFor(guard, (row) => row?.disabled_at === null, { what: 'the guard at the gate' });
    expect(front.kept?.signature).toMatch(/\S/);
    // The guard leaves and is disabled; the gate follows.
    front.keep = null;
    hubDb
      .prepare(
        "UPDATE accounts SET disabled_at = '2026-11-23T02:00:00.000Z' WHERE username = 'zhao'",
      )
      .run();
    await waitFor(guard, (row) => typeof row?.disabled_at === 'string', {
      what: 'the guard disabled at the gate',
    });
    await synced(gate);
    const before = copyOf(gateDb);
    const cursor = cursorOf(gateDb);

    // The earlier page, signature and all, played back: it would bring the guard back.
    front.mode = 'replay';
    const status = await notSigned(gate);
    expect(status?.state).not.toBe('online');
    expect(status?.error).toMatch(/not signed by the hub/);
    await waitFor(
      () => front.answered['/hub/v1/feed'] ?? 0,
      (answered) => answered >= 2,
      { timeoutMs: 15_000, what: 'the impostor to answer the feed twice' },
    );
    expect(guard()?.disabled_at).toBe('2026-11-23T02:00:00.000Z');
    expect(cursorOf(gateDb)).toBe(cursor);
    expect(copyOf(gateDb)).toEqual(before);

    front.mode = 'hub';
    await linkStatus(
      gate,
      (seen) => seen?.state === 'online' && seen.errorCode === null,
      'the gate to take the hub’s answers again',
    );
  });
});
