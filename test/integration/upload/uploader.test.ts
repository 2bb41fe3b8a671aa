// The uploader on a real SQLite outbox with a district played in code and an injected clock:
// oldest first in bounded batches, the same batch resent after a failure or a crash, backoff
// with full jitter and Retry-After, set aside on "malformed" and sent again by hand, stopped
// on an answer only a person can fix and looking again by itself (or at once on "upload
// now"), batches filled for up to the wait in the rush hour, and never a record lost or
// marked early.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../backend/store/database';
import { backoffDelay } from '../../../backend/upload/backoff';
import type { DistrictAnswer } from '../../../backend/upload/district-client';
import { createOutbox, type Outbox } from '../../../backend/upload/outbox';
import {
  createUploader,
  type Uploader,
  type UploaderDeps,
  type UploadStatus,
} from '../../../backend/upload/uploader';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';

interface SentBatch {
  batchId: string;
  installationId: string;
  sequence: { first: number; last: number };
  records: { id: string; sequence: number; followsRecordId: string | null }[];
}

let db: Database;
let clock: number;
let sleeps: number[];
let sent: SentBatch[];
let answers: DistrictAnswer[];
let uploader: Uploader | null;
let statuses: UploadStatus[];

beforeEach(() => {
  db = openDatabase(`${makeTempDir()}/kiosk.db`);
  clock = Date.parse('2026-11-23T00:00:00.000Z');
  sleeps = [];
  sent = [];
  answers = [];
  uploader = null;
  statuses = [];
});

afterEach(async () => {
  await uploader?.close();
  db.close();
  removeTempDirs();
});

function addEntries(count: number, cardText = 'S2026001'): void {
  for (let index = 0; index < count; index += 1) {
    const id = insertEntryRow(db, {
      at: new Date(clock + index).toISOString(),
      cardText,
    });
    db.prepare('INSERT INTO outbox (entry_id, created_at) VALUES (?, ?)').run(
      id,
      new Date(clock).toISOString(),
    );
  }
}

/** The district: answers from the queue, else stores. */
async function send(payload: unknown): Promise<DistrictAnswer> {
  sent.push(structuredClone(payload) as SentBatch);
  return answers.shift() ?? { kind: 'stored', body: { accepted: 1, duplicates: 0 } };
}

function start(
  outbox: Outbox = createOutbox(db, testCipher, { records: 3, bytes: 1 << 20 }),
  options: Partial<UploaderDeps> = {},
): Uploader {
  uploader = createUploader({
    outbox,
    send,
    schoolId: 'school-1',
    gateId: 'south',
    now: () => new Date(clock),
    random: () => 0.5,
    // The clock moves by the wait (or stops there until woken, for "forever").
    sleep: async (ms, wake) => {
      sleeps.push(ms);
      if (!Number.isFinite(ms)) return wake;
      clock += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    onStatus: (status) => statuses.push(status),
    idlePollMs: 60_000,
    ...options,
  });
  uploader.start();
  return uploader;
}

/**
 * A sleep the test ends: each wait is held (the clock standing still) until the uploader is
 * woken or the test calls `elapse()`, which moves the clock by the wait.
 */
function heldSleep() {
  const held: { ms: number; end: () => void }[] = [];
  return {
    held,
    sleep: (ms: number, wake: Promise<void>) =>
      new Promise<void>((resolve) => {
        held.push({ ms, end: resolve });
        void wake.then(resolve);
      }),
    /** Ends the latest wait as if its time had passed. */
    elapse(): number {
      const last = held.at(-1);
      if (last === undefined) throw new Error('nothing is waiting');
      clock += last.ms;
      last.end();
      return last.ms;
    },
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 2000; turn += 1) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never happened: ${what}`);
}

const unsent = () =>
  (db.prepare('SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL').get() as { n: number }).n;

describe('the uploader', () => {
  it('sends oldest first in batches of at most the limit, and marks them sent', async () => {
    addEntries(7);
    start();
    await until(() => unsent() === 0, 'everything sent');
    expect(sent.map((batch) => batch.sequence)).toEqual([
      { first: 1, last: 3 },
      { first: 4, last: 6 },
      { first: 7, last: 7 },
    ]);
    const installation = sent[0]?.installationId;
    expect(sent[0]?.records.map((record) => record.id)).toEqual([
      `${installation}:1`,
      `${installation}:2`,
      `${installation}:3`,
    ]);
    expect(uploader?.status()).toMatchObject({ pending: 0, lastError: null, state: 'idle' });
  });

  it('cuts a batch by bytes as well as by count', async () => {
    addEntries(4, 'X'.repeat(400));
    start(createOutbox(db, testCipher, { records: 500, bytes: 1500 }));
    await until(() => unsent() === 0, 'everything sent');
    expect(sent.map((batch) => batch.records.length)).toEqual([2, 2]);
  });

  it('retries the same batch with backoff on network trouble and 5xx, then succeeds', async () => {
    addEntries(2);
    answers = [
      { kind: 'retry', code: 'server', error: 'The district answered 500', retryAfterMs: null },
      {
        kind: 'retry',
        code: 'timeout',
        error: 'The district did not answer within 30 s',
        retryAfterMs: null,
      },
    ];
    start();
    await until(() => unsent() === 0, 'everything sent');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((batch) => batch.batchId)).size).toBe(1);
    // Full jitter with random 0.5: half of 1 s, then half of 2 s.
    expect(sleeps.slice(0, 2)).toEqual([500, 1000]);
    expect(statuses.some((status) => status.lastError?.includes('did not answer'))).toBe(true);
    expect(uploader?.status().lastError).toBeNull();
  });

  it('waits at least as long as Retry-After asks', async () => {
    addEntries(1);
    answers = [
      { kind: 'retry', code: 'busy', error: 'The district answered 429', retryAfterMs: 7000 },
    ];
    start();
    await until(() => unsent() === 0, 'sent');
    expect(sleeps[0]).toBe(7000);
  });

  it('sets a malformed batch aside with the reason, goes on, and sends it again by hand', async () => {
    addEntries(5);
    answers = [{ kind: 'malformed', reason: 'record 2: bad decision' }];
    const outbox = createOutbox(db, testCipher, { records: 3, bytes: 1 << 20 });
    start(outbox);
    await until(() => unsent() === 3, 'the other batch sent');
    expect(outbox.quarantined()).toMatchObject([{ records: 3, reason: 'record 2: bad decision' }]);
    expect(uploader?.status()).toMatchObject({ quarantined: 1, pending: 3 });
    const setAside = outbox.quarantined()[0]?.id ?? '';
    expect(outbox.release(setAside)).toBe(true);
    uploader?.uploadNow();
    await until(() => unsent() === 0, 'the set-aside batch sent');
    expect(sent.at(-1)?.batchId).toBe(setAside);
  });

  it('stops on an answer only a person can fix, says why, and looks again by itself', async () => {
    addEntries(1);
    answers = [
      { kind: 'refused', code: 'credentials', error: 'The district refused the credentials' },
      { kind: 'refused', code: 'address', error: 'The district answered 404' },
    ];
    start(undefined, { stoppedRetryMs: 120_000 });
    await until(() => unsent() === 0, 'sent once the district was fixed');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((batch) => batch.batchId)).size).toBe(1);
    // Each stop waited the stopped interval, not a backoff and not for ever.
    expect(sleeps.filter((ms) => ms === 120_000)).toHaveLength(2);
    const stops = statuses.filter((status) => status.state === 'stopped');
    expect(stops.map((status) => status.lastErrorCode)).toEqual(['credentials', 'address']);
    expect(stops[0]?.nextAttemptAt).toBe(
      new Date(Date.parse('2026-11-23T00:00:00.000Z') + 120_000).toISOString(),
    );
    expect(uploader?.status()).toMatchObject({ state: 'idle', lastError: null });
  });

  it('"upload now" ends a stop at once, without waiting for the next look', async () => {
    addEntries(1);
    answers = [
      { kind: 'refused', code: 'credentials', error: 'The district refused the credentials' },
    ];
    const held = heldSleep();
    start(undefined, { sleep: held.sleep });
    await until(() => uploader?.status().state === 'stopped', 'stopped');
    expect(held.held.at(-1)?.ms).toBe(300_000);
    expect(sent).toHaveLength(1);
    uploader?.uploadNow();
    await until(() => unsent() === 0, 'sent after upload now');
    expect(sent).toHaveLength(2);
  });

  it('says by how much the clocks differ when the district named its time', async () => {
    addEntries(1);
    answers = [
      {
        kind: 'refused',
        code: 'clock',
        error: "this kiosk's clock is 7 min 12 s ahead",
        clockSkewMs: 432_400,
      },
    ];
    start();
    await until(() => statuses.some((status) => status.state === 'stopped'), 'stopped');
    expect(statuses.find((status) => status.state === 'stopped')).toMatchObject({
      lastErrorCode: 'clock',
      clockSkewSeconds: 432,
    });
    await until(() => unsent() === 0, 'sent');
    expect(uploader?.status()).toMatchObject({ lastErrorCode: null, clockSkewSeconds: null });
  });

  it('lets a lone record wait up to the batch wait for others, then sends it', async () => {
    addEntries(1);
    const held = heldSleep();
    start(undefined, { sleep: held.sleep, batchMaxWaitMs: 10_000 });
    await until(() => held.held.length === 1, 'waiting to fill a batch');
    expect(sent).toHaveLength(0);
    expect(uploader?.status()).toMatchObject({
      state: 'idle',
      pending: 1,
      nextAttemptAt: new Date(clock + 10_000).toISOString(),
    });
    expect(held.elapse()).toBe(10_000);
    await until(() => unsent() === 0, 'sent after the wait');
    expect(sent.map((batch) => batch.records.length)).toEqual([1]);
  });

  it('sends a batch as soon as it is full, and waits only as long as its oldest record may', async () => {
    addEntries(2);
    const held = heldSleep();
    start(undefined, { sleep: held.sleep, batchMaxWaitMs: 10_000 });
    await until(() => held.held.length === 1, 'waiting to fill a batch');
    // Four seconds later the third check of the batch is written: full, so it goes at once.
    clock += 4000;
    addEntries(1);
    uploader?.notify();
    await until(() => sent.length === 1, 'the full batch sent');
    expect(sent[0]?.records).toHaveLength(3);
    // Woken by the entry, not by the wait running out: the clock never reached the 10 s.
    expect(held.held[0]?.ms).toBe(10_000);
    expect(clock).toBe(Date.parse('2026-11-23T00:00:04.000Z'));
    // A fourth, alone, waits its own ten seconds from when it was written.
    clock += 1000;
    addEntries(1);
    uploader?.notify();
    await until(() => held.held.length >= 2 && held.held.at(-1)?.ms === 10_000, 'waiting again');
    expect(sent).toHaveLength(1);
    held.elapse();
    await until(() => unsent() === 0, 'the fourth sent');
    expect(sent.map((batch) => batch.records.length)).toEqual([3, 1]);
  });

  it('sends a backlog at once, and a filling batch at once on "upload now"', async () => {
    clock -= 60_000;
    addEntries(6);
    clock += 60_000;
    addEntries(1);
    const held = heldSleep();
    start(undefined, { sleep: held.sleep, batchMaxWaitMs: 10_000 });
    await until(() => sent.length === 2 && held.held.length > 0, 'the backlog sent');
    // The old ones went in full batches without waiting; the new one waits for company.
    expect(sent.map((batch) => batch.records.length)).toEqual([3, 3]);
    expect(held.held.map((wait) => wait.ms)).toEqual([10_000]);
    uploader?.uploadNow();
    await until(() => unsent() === 0, 'sent on upload now');
    expect(sent.map((batch) => batch.records.length)).toEqual([3, 3, 1]);
  });

  it('sends the same batch again after a crash between sending and the answer', async () => {
    addEntries(2);
    const before = createOutbox(db, testCipher, { records: 3, bytes: 1 << 20 });
    const formed = before.next(new Date(clock));
    // The kiosk died here; a new process opens the same database.
    const after = createOutbox(db, testCipher, { records: 3, bytes: 1 << 20 });
    expect(after.next(new Date(clock))).toEqual(formed);
    start(after);
    await until(() => unsent() === 0, 'sent');
    expect(sent.map((batch) => batch.batchId)).toEqual([formed?.id]);
  });

  it('keeps everything when the district is not configured', async () => {
    addEntries(2);
    uploader = createUploader({
      outbox: createOutbox(db, testCipher),
      send: null,
      schoolId: '',
      gateId: 'south',
      now: () => new Date(clock),
      random: Math.random,
      sleep: async () => undefined,
      onStatus: () => undefined,
    });
    uploader.start();
    expect(uploader.status()).toMatchObject({ state: 'off', pending: 2 });
  });
});

describe('backoffDelay', () => {
  it('doubles from 1 s to a 5 minute cap, jittered between zero and that', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4].map((failures) => backoffDelay(failures, top))).toEqual([
      999, 1999, 3999, 7999,
    ]);
    expect(backoffDelay(40, top)).toBe(299_999);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });

  it('never waits less than Retry-After, nor longer than the cap for it', () => {
    expect(backoffDelay(1, () => 0, undefined, 30_000)).toBe(30_000);
    expect(backoffDelay(1, () => 0, undefined, 3_600_000)).toBe(300_000);
  });
});
