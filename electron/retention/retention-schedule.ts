// Runs the retention purge inside the kiosk: once at start, then every hour. Each batch is its
// own short transaction and the event loop turns between batches, so a check never waits behind
// the purge for more than one batch. After a purge the WAL is emptied (cheap); the VACUUM that
// rebuilds the whole file (checks wait for it) runs at most once a day, and only at night in
// Beijing, never in the morning rush (README "Retention" has the timings).
import { createRetention, type RetentionOptions } from './retention-purge';

export interface RetentionScheduleOptions extends RetentionOptions {
  /** Between purges; default one hour. */
  intervalMs?: number;
  /** At least this long between two VACUUMs; default one day. */
  vacuumEveryMs?: number;
}

export interface RetentionRun {
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

/** 22:00 to 05:00 Beijing time (UTC+8, no daylight saving): the gate is quiet. */
export function isNight(at: number): boolean {
  const hour = (new Date(at).getUTCHours() + 8) % 24;
  return hour >= 22 || hour < 5;
}

export function startRetention(options: RetentionScheduleOptions): RetentionSchedule {
  const retention = createRetention(options);
  const vacuumEveryMs = options.vacuumEveryMs ?? 86_400_000;
  let lastVacuum: number | null = null;
  // Purged since the last VACUUM: their old bytes may still sit in a page's free space.
  let unvacuumed = 0;
  let running: Promise<RetentionRun> | null = null;
  let closed = false;

  async function run(): Promise<RetentionRun> {
    let purged = 0;
    let lastId = 0;
    while (!closed) {
      const batch = retention.purgeBatch(lastId);
      if (batch.purged === 0) break;
      purged += batch.purged;
      lastId = batch.lastId;
      await nextTurn();
    }
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
