// How long the purge and VACUUM take on a large log: RETENTION_ENTRIES entries (default 5,000;
// the README's figures are from 100,000), all old and uploaded. Prints the times.
import { afterEach, expect, it } from 'vitest';
import { createRetention } from '../../../backend/retention/retention-purge';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { logWith, markSent, now } from './retention-fixture';

afterEach(() => removeTempDirs());

const count = Number(process.env.RETENTION_ENTRIES ?? 5000);

it(`purges and compacts ${count} entries`, { timeout: 600_000 }, () => {
  const log = logWith(count, 0);
  try {
    markSent(log.db, '1 = 1');
    const retention = createRetention({ db: log.db, days: 30, uploadOff: false, now: () => now });
    let started = performance.now();
    let slowest = 0;
    let purged = 0;
    let lastId = 0;
    for (;;) {
      const batchStarted = performance.now();
      const batch = retention.purgeBatch(lastId);
      slowest = Math.max(slowest, performance.now() - batchStarted);
      if (batch.purged === 0) break;
      purged += batch.purged;
      lastId = batch.lastId;
    }
    const purgeMs = performance.now() - started;
    started = performance.now();
    const compacted = retention.compact();
    console.log(
      `retention timing: ${purged} entries purged in ${purgeMs.toFixed(0)} ms ` +
        `(slowest batch of 200: ${slowest.toFixed(1)} ms); VACUUM + checkpoints ` +
        `${compacted.ms.toFixed(0)} ms (measured ${(performance.now() - started).toFixed(0)} ms)`,
    );
    expect(purged).toBe(count);
  } finally {
    log.db.close();
  }
});
