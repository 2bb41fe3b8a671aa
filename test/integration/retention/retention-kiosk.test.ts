// The purge inside the kiosk: it runs at start (no district configured: by age alone), a run
// with nothing due does nothing, and the VACUUM waits a day after the last one.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { createKiosk } from '../../../backend/kiosk';
import { startRetention } from '../../../backend/retention/retention-schedule';
import { databaseFile } from '../../../backend/store/database';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { logWith, markSent, now } from './retention-fixture';

afterEach(() => removeTempDirs());

const namesLeft = (dir: string) => {
  const db = new BetterSqlite3(databaseFile(dir), { readonly: true });
  try {
    return db.prepare('SELECT count(*) AS n FROM entries WHERE name IS NOT NULL').get() as {
      n: number;
    };
  } finally {
    db.close();
  }
};

it('purges old entries when the kiosk starts', async () => {
  const { dir, db } = logWith(5, 3);
  db.close();
  const kiosk = await createKiosk({ dataDir: dir, now: () => now });
  try {
    for (let waited = 0; namesLeft(dir).n !== 3 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await kiosk.close();
  }
  expect(namesLeft(dir).n).toBe(3);
});

it('vacuums after a purge at most once a day and only at night; an idle run does nothing', async () => {
  const { db } = logWith(10, 0);
  let clock = now.getTime();
  const schedule = startRetention({
    db,
    days: 30,
    uploadOff: false,
    now: () => new Date(clock),
    intervalMs: 3_600_000,
  });
  try {
    expect(await schedule.runNow()).toEqual({ purged: 0, vacuumed: false });
    markSent(db, 'id <= 4');
    // 16:00 in Beijing: the rows are erased and the WAL emptied, but the file waits for night.
    expect(await schedule.runNow()).toEqual({ purged: 4, vacuumed: false });
    clock = Date.parse('2027-01-15T15:00:00.000Z'); // 23:00 in Beijing
    expect(await schedule.runNow()).toEqual({ purged: 0, vacuumed: true });
    markSent(db, 'id > 4');
    clock += 3_600_000;
    expect(await schedule.runNow()).toEqual({ purged: 6, vacuumed: false });
    clock += 86_400_000;
    expect(await schedule.runNow()).toEqual({ purged: 0, vacuumed: true });
  } finally {
    await schedule.close();
    db.close();
  }
});
