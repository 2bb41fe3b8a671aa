// Runs the retention purge inside the kiosk: once at start, then every hour, entries first and
// then the other records (record-purge.ts). Each batch is its own short transaction and the
// event loop turns between batches, so a check never waits behind the purge for more than one
// batch. A run that erased anything is written to retention_runs for the admin to see. After a
// purge the WAL is emptied (cheap); the VACUUM that rebuilds the whole file (checks wait for it)
// runs at most once a day, and only at night in Beijing, never in the morning rush (docs/admin.md
// "Retention" has the timings).
import type { RetentionCounts } from '../../contract/operations/account-operations';
import { shanghaiHour } from '../../contract/school-time';
import { createRecordPurge, recordKinds } from './record-purge';
import { createRetention, type RetentionOptions } from './retention-purge';
import { noneErased, recordRun, totalErased } from './retention-runs';

export interface RetentionScheduleOptions extends RetentionOptions {
  /** Between purges; default one hour. */
  intervalMs?: number;
  /** At least this long between two VACUUMs; default one day. */
  vacuumEveryMs?: number;
  /** Values rewritten at start (sealed plain text) whose old bytes a VACUUM must clear too. */
  rewrittenAtStart?: number;
}

export interface RetentionRun {
  /** Records of every kind that lost their personal fields in this run. */
  purged: number;
  vacuumed: boolean;
}

export interface RetentionSchedule {
  /** Purges what is due now (and compacts); the timer calls it, tests may too. */
  runNow(): Promise<RetentionRun>;
  /** Stops the timer and waits for a run in progress. */
  close(): Promise<void>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** 22:00 to 05:00 Beijing time: the gate is quiet. */
export function isNight(at: number): boolean {
  const hour = shanghaiHour(at);
  return hour >= 22 || hour < 5;
}

export function startRetention(options: RetentionScheduleOptions): RetentionSchedule {
  const retention = createRetention(options);
  const records = createRecordPurge(options);
  const vacuumEveryMs = options.vacuumEveryMs ?? 86_400_000;
  let lastVacuum: number | null = null;
  // Purged since the last VACUUM: their old bytes may still sit in a page's free space.
  let unvacuumed = options.rewrittenAtStart ?? 0;
  let running: Promise<RetentionRun> | null = null;
  let closed = false;

  async function run(): Promise<RetentionRun> {
    const counts: RetentionCounts = { ...noneErased };
    let lastId = 0;
    while (!closed) {
      const batch = retention.purgeBatch(lastId);
      if (batch.purged === 0) break;
      counts.entries += batch.purged;
      lastId = batch.lastId;
      await nextTurn();
    }
    for (const kind of recordKinds) {
      while (!closed) {
        const erased = records.purgeBatch(kind);
        if (erased === 0) break;
        counts[kind] += erased;
        await nextTurn();
      }
    }
    // Even a run cut short by close() says what it erased: those fields are gone.
    recordRun(options.db, options.now(), options.days, counts);
    const purged = totalErased(counts);
    unvacuumed += purged;
    const at = options.now().getTime();
    const vacuumDue = isNight(at) && (lastVacuum === null || at - lastVacuum >= vacuumEveryMs);
    if (closed || unvacuumed === 0) return { purged, vacuumed: false };
    if (vacuumDue) {
      retention.compact();
      lastVacuum = at;
      unvacuumed = 0;
      return { purged, vacuumed: true };
    }
    // The WAL's old frames still hold the rows as they were written: empty it now.
    options.db.pragma('wal_checkpoint(TRUNCATE)');
    return { purged, vacuumed: false };
  }

  function runNow(): Promise<RetentionRun> {
    running ??= run().finally(() => (running = null));
    return running;
  }

  const tick = () => {
    runNow().catch((error: unknown) => console.error('The retention purge failed:', error));
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, options.intervalMs ?? 3_600_000);
  first.unref();
  timer.unref();

  return {
    runNow,
    async close() {
      closed = true;
      clearTimeout(first);
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
