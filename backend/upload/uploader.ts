// Sends the outbox to the district, oldest first, one batch at a time, until nothing waits:
// a batch the district gave a receipt for is marked sent; network trouble, timeouts, 429, 5xx
// and a 200 without a receipt are tried again after a backoff; a batch the district calls
// malformed is set aside for the admin; an answer only a person can fix (the secret, a clock,
// the address, the certificate) stops the uploader, which looks again every few minutes by
// itself and at once on "upload now". In the rush hour a record waits up to `batchMaxWaitMs`
// for others to share its request. It never throws into the kiosk and never drops a record.
// Timers and the clock are injected, so every rule is a unit test.
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
import type {
  UploadErrorCode,
  UploadState,
  UploadStatus as UploadView,
} from '../../contract/schemas';
import type { DistrictAnswer } from './district-client';
import type { Batch, Outbox } from './outbox';

/** The upload status the screen sees, but for the daily report (daily-report.ts adds it). */
export type UploadStatus = Omit<UploadView, 'report'>;

export interface UploaderDeps {
  outbox: Outbox;
  /** Null: no district configured; the outbox fills and waits. */
  send: ((payload: unknown) => Promise<DistrictAnswer>) | null;
  schoolId: string;
  gateId: string;
  now: () => Date;
  random: () => number;
  /** Waits `ms`, or less when woken; resolves either way. */
  sleep: (ms: number, wake: Promise<void>) => Promise<void>;
  onStatus: (status: UploadStatus) => void;
  backoff?: BackoffOptions;
  /** How often an idle uploader looks for entries it was not told about (5 s). */
  idlePollMs?: number;
  /**
   * How long the oldest waiting record may wait for others to fill its batch (0: none). A
   * full batch goes at once; so does everything on "upload now".
   */
  batchMaxWaitMs?: number;
  /** How often a stopped uploader tries again by itself (5 minutes). */
  stoppedRetryMs?: number;
}

export interface Uploader {
  start(): void;
  /** A new entry is waiting: an idle uploader sends at once (a backing-off one does not). */
  notify(): void;
  /** The guard's or admin's "upload now": skips the backoff and clears a stop. */
  uploadNow(): void;
  status(): UploadStatus;
  close(): Promise<void>;
}

/**
 * Counting a backlog of a million is tens of milliseconds: the count is kept up to date by
 * what the uploader sends and is told, and taken again from the database now and then.
 */
const recountEveryMs = 30_000;

export function createUploader(deps: UploaderDeps): Uploader {
  const backoff = deps.backoff ?? defaultBackoff;
  const idlePollMs = deps.idlePollMs ?? 5000;
  const batchMaxWaitMs = deps.batchMaxWaitMs ?? 0;
  const stoppedRetryMs = deps.stoppedRetryMs ?? 5 * 60 * 1000;
  let state: UploadState = deps.send === null ? 'off' : 'idle';
  let lastSuccessAt: string | null = null;
  let lastError: string | null = null;
  let lastErrorCode: UploadErrorCode | null = null;
  let clockSkewSeconds: number | null = null;
  let nextAttemptAt: string | null = null;
  let failures = 0;
  let stopped = false;
  let closed = false;
  let running: Promise<void> | null = null;
  const alarm = createAlarm(deps, () => closed);
  const { pause, wake } = alarm;
  /** "Upload now" was pressed: a batch still filling goes at once. */
  let flush = false;
  const pending = createPendingCount(deps);

  function status(): UploadStatus {
    return {
      state,
      pending: pending.count(),
      ...deps.outbox.oldestAndQuarantined(),
      lastSuccessAt,
      lastError,
      lastErrorCode,
      clockSkewSeconds,
      nextAttemptAt,
    };
  }

  function publish(): void {
    deps.onStatus(status());
  }

  async function sendOne(send: (payload: unknown) => Promise<DistrictAnswer>): Promise<void> {
    const dueAt = batchDueAt(deps, batchMaxWaitMs, flush);
    if (dueAt !== null && dueAt > deps.now().getTime()) {
      // Filling a batch: a new entry wakes the loop to see whether it is full now.
      state = 'idle';
      nextAttemptAt = new Date(dueAt).toISOString();
      publish();
      await pause(dueAt - deps.now().getTime(), () => true);
      return;
    }
    flush = false;
    const batch = deps.outbox.next(deps.now());
    if (batch === null) {
      // Nothing left to form a batch from: the count is exactly what is set aside.
      pending.recount();
      state = 'idle';
      publish();
      await pause(idlePollMs, () => true);
      return;
    }
    state = 'sending';
    nextAttemptAt = null;
    publish();
    const answer = await send(batchPayload(deps, batch));
    switch (answer.kind) {
      case 'stored':
        deps.outbox.acknowledge(batch.id, deps.now());
        pending.adjust(-batch.records.length);
        failures = 0;
        lastSuccessAt = deps.now().toISOString();
        lastError = null;
        lastErrorCode = null;
        clockSkewSeconds = null;
        publish();
        return;
      case 'malformed':
        deps.outbox.quarantine(batch.id, answer.reason);
        lastError = answer.reason;
        lastErrorCode = 'malformed';
        publish();
        return;
      case 'refused':
        deps.outbox.noteFailure(batch.id, answer.error);
        lastError = answer.error;
        lastErrorCode = answer.code;
        clockSkewSeconds =
          answer.clockSkewMs === undefined || answer.clockSkewMs === null
            ? null
            : Math.round(answer.clockSkewMs / 1000);
        stopped = true;
        return;
      case 'retry': {
        deps.outbox.noteFailure(batch.id, answer.error);
        failures += 1;
        lastError = answer.error;
        lastErrorCode = answer.code;
        clockSkewSeconds = null;
        const delay = backoffDelay(failures, deps.random, backoff, answer.retryAfterMs);
        nextAttemptAt = new Date(deps.now().getTime() + delay).toISOString();
        state = 'retrying';
        publish();
        await pause(delay, (reason) => reason === 'now');
        return;
      }
      default:
        return unreachable(answer);
    }
  }

  async function loop(send: (payload: unknown) => Promise<DistrictAnswer>): Promise<void> {
    while (!closed) {
      if (stopped) {
        // Until someone fixes it; and a district that fixed its side needs nobody at the kiosk.
        state = 'stopped';
        nextAttemptAt = new Date(deps.now().getTime() + stoppedRetryMs).toISOString();
        publish();
        await pause(stoppedRetryMs, (reason) => reason === 'now');
        stopped = false;
        continue;
      }
      try {
        await sendOne(send);
      } catch (error) {
        // The database refused (a full disk): nothing was marked, so nothing is lost. Wait.
        failures += 1;
        lastError = `The upload could not use the database: ${(error as Error).message}`;
        lastErrorCode = 'storage';
        state = 'retrying';
        const delay = backoffDelay(failures, deps.random, backoff);
        nextAttemptAt = new Date(deps.now().getTime() + delay).toISOString();
        publish();
        await pause(delay, (reason) => reason === 'now');
      }
    }
  }

  return {
    start() {
      if (running !== null || closed || deps.send === null) return;
      running = loop(deps.send);
    },
    notify() {
      pending.adjust(1);
      // With no district the loop never runs: the screen still counts what waits.
      if (state === 'off') publish();
      wake('entry');
    },
    uploadNow() {
      failures = 0;
      flush = true;
      wake('now');
    },
    status,
    async close() {
      closed = true;
      alarm.ring();
      await running;
    },
  };
}

type WakeReason = 'entry' | 'now';

/** Wakes the sending loop from its pauses: for a new entry, or for "upload now". */
function createAlarm(deps: Pick<UploaderDeps, 'now' | 'sleep'>, closed: () => boolean) {
  let wakeUp: () => void = () => undefined;
  let wakeReason: WakeReason | null = null;
  return {
    /** Sleeps until `ms` pass or something wakes it that `accept`s the reason. */
    async pause(ms: number, accept: (reason: WakeReason) => boolean): Promise<void> {
      const deadline = deps.now().getTime() + ms;
      while (!closed()) {
        // A wake that came while sending counts too: the entry is already waiting.
        const reason = wakeReason;
        wakeReason = null;
        if (reason !== null && accept(reason)) return;
        const left = deadline - deps.now().getTime();
        if (left <= 0) return;
        const woken = new Promise<void>((resolve) => (wakeUp = resolve));
        await deps.sleep(left, woken);
      }
    },
    wake(reason: WakeReason): void {
      if (wakeReason !== 'now') wakeReason = reason;
      wakeUp();
    },
    /** Ends the pause at once, whatever it waits for (closing). */
    ring(): void {
      wakeUp();
    },
  };
}

/** The records waiting, counted now and then and kept up to date in between. */
function createPendingCount(deps: Pick<UploaderDeps, 'now' | 'outbox'>) {
  let counted: { at: number; pending: number } | null = null;
  return {
    count(): number {
      const at = deps.now().getTime();
      if (counted === null || at - counted.at >= recountEveryMs) {
        counted = { at, pending: deps.outbox.countPending() };
      }
      return counted.pending;
    },
    /** The count as it stands after `change` entries were sent (negative) or added. */
    adjust(change: number): void {
      if (counted !== null) counted.pending = Math.max(0, counted.pending + change);
    },
    /** Forgets the count: the next look counts again. */
    recount(): void {
      counted = null;
    },
  };
}

function batchPayload(deps: UploaderDeps, batch: Batch): unknown {
  return {
    protocol: 1,
    schoolId: deps.schoolId,
    gateId: deps.gateId,
    installationId: deps.outbox.installationId,
    batchId: batch.id,
    sequence: { first: batch.first, last: batch.last },
    records: batch.records,
  };
}

/**
 * When the records waiting for a new batch should go: now (a batch is already formed and
 * waits for its answer, the batch is full, "upload now", or no waiting), or at the oldest
 * one's time plus the wait. Null: nothing waits.
 */
function batchDueAt(deps: UploaderDeps, batchMaxWaitMs: number, flush: boolean): number | null {
  if (batchMaxWaitMs <= 0 || flush || deps.outbox.hasFormedBatch()) return 0;
  const gathering = deps.outbox.gathering();
  if (gathering.oldestAt === null) return null;
  if (gathering.full) return 0;
  const now = deps.now().getTime();
  // A clock set back must not make a record wait longer than the wait itself.
  return Math.min(Date.parse(gathering.oldestAt) + batchMaxWaitMs, now + batchMaxWaitMs);
}

function unreachable(value: never): never {
  throw new Error(`Unhandled district answer: ${JSON.stringify(value)}`);
}

/** The real clock's sleep: a timer, cut short when woken; never holds the process open. */
export function realSleep(ms: number, wake: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = Number.isFinite(ms)
      ? setTimeout(resolve, Math.min(Math.max(0, ms), 2 ** 31 - 1))
      : null;
    timer?.unref();
    void wake.then(() => {
      if (timer !== null) clearTimeout(timer);
      resolve();
    });
  });
}
