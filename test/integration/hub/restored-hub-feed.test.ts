// A hub restored from an older backup that then makes more changes than it lost, before a gate
// asks (migrations/0200_school_hub.sql: a feed change is numbered by the clock in milliseconds,
// or one more than the last): the gate held the lost changes, so the hub's head is beyond the
// gate's cursor and nothing looks restored. Numbered on from the backup's last change, the new
// changes would repeat numbers the gate already holds and the gate would skip them; numbered by
// the clock they come after every one the gate holds. The gate takes every new change, and keeps
// the lost ones it has (the office makes them again; docs/school-hub.md "Faults").
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createChangeFeed, type ChangeFeed, type FeedPage } from '../../../backend/hub/change-feed';
import { openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { insertAppointment } from '../../fixtures/visit-rows';
import { waitFor } from '../../rigs/wait-for';
import { startSchool, type School } from './hub-rig';

const opened: Database[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  removeTempDirs();
});

function addPupils(db: Database, prefix: string, count: number): void {
  const insert = db.prepare(
    `INSERT INTO people (card, name, kind, class_name, imported_at)
     VALUES (?, ?, 'student', '一年级1班', '2026-11-23T01:00:00.000Z')`,
  );
  for (let n = 1; n <= count; n += 1) insert.run(`${prefix}${n}`, `学生${prefix}${n}`);
}

const classes = (db: Database) =>
  Object.fromEntries(
    db
      .prepare<[], { card: string; class_name: string }>(
        'SELECT card, class_name FROM people ORDER BY card',
      )
      .all()
      .map((row) => [row.card, row.class_name]),
  );

/** The gate pulls small pages from `feed` until it holds the hub's head. */
function syncFrom(school: School, feed: ChangeFeed): void {
  for (;;) {
    const page = JSON.parse(JSON.stringify(feed.page(school.replica.meta().cursor, 2))) as FeedPage;
    school.replica.apply(page, school.clock.now);
    if (page.cursor >= page.head) return;
  }
}

describe('a hub restored from an older backup that makes more changes than it lost', () => {
  it('reaches a gate with every new change, and the gate keeps the lost ones it holds', async () => {
    const school = startSchool();
    opened.push(school.hub.db, school.gate.db);
    const { cipher } = school.hub;
    // A: the roster, at the gate; then the night's backup.
    addPupils(school.hub.db, 'A', 4);
    school.sync();
    const backup = join(makeTempDir('kiosk-hub-backup-'), 'kiosk.db');
    school.hub.db.exec(`VACUUM INTO '${backup}'`);
    // B: two pupils change class and a visitor is booked; the gate takes them.
    school.hub.db
      .prepare("UPDATE people SET class_name = '二年级3班' WHERE card IN ('A1', 'A2')")
      .run();
    insertAppointment(
      school.hub.db,
      'B-visit',
      '2026-11-23T01:00:00.000Z',
      '2026-11-23T04:00:00.000Z',
    );
    school.sync();
    const held = school.replica.meta().cursor;

    // The hub's disk fails and the office restores the backup (with the hub's data key). A
    // restore comes long after the changes it lost; a change numbered one more than the last
    // may run ahead of the clock, so the clock passes the gate's number first.
    await waitFor(
      () => Date.now(),
      (now) => now > held,
      { what: 'the clock to pass the gate’s cursor' },
    );
    const restored = openDatabase(backup);
    opened.push(restored);
    const feed = createChangeFeed({ db: restored, cipher, passKeys: () => school.passKeys });
    const restoredHead = feed.head();
    expect(restoredHead).toBeLessThan(held);
    const bChanges = school.hub.db
      .prepare<[number], { n: number }>('SELECT count(*) AS n FROM feed_changes WHERE seq > ?')
      .get(restoredHead)?.n;
    expect(bChanges).toBe(3);

    // C: more changes than B, before the gate asks.
    addPupils(restored, 'C', 6);
    const cSeqs = restored
      .prepare<[number], { seq: number }>('SELECT seq FROM feed_changes WHERE seq > ? ORDER BY seq')
      .all(restoredHead)
      .map((row) => row.seq);
    expect(cSeqs).toHaveLength(6);
    // Each new change is numbered after every change the gate holds, so none is skipped.
    for (const seq of cSeqs) expect(seq).toBeGreaterThan(held);
    expect(feed.head()).toBeGreaterThan(held);

    syncFrom(school, feed);
    const atGate = classes(school.gate.db);
    // Every change of C.
    for (let n = 1; n <= 6; n += 1) expect(atGate[`C${n}`]).toBe('一年级1班');
    // B's changes the restored hub lost, kept.
    expect(atGate).toMatchObject({ A1: '二年级3班', A2: '二年级3班', A3: '一年级1班' });
    expect(
      school.gate.db.prepare("SELECT id FROM appointments WHERE id = 'B-visit'").get(),
    ).toEqual({ id: 'B-visit' });
    expect(classes(restored)).toMatchObject({ A1: '一年级1班', A2: '一年级1班' });
    expect(school.replica.meta().cursor).toBe(feed.head());
  });

  it('takes a card or username the restored hub gives to another row (it would fail on UNIQUE for ever)', async () => {
    const school = startSchool();
    opened.push(school.hub.db, school.gate.db);
    addPupils(school.hub.db, 'A', 2);
    school.sync();
    const backup = join(makeTempDir('kiosk-hub-backup-'), 'kiosk.db');
    school.hub.db.exec(`VACUUM INTO '${backup}'`);
    // Lost in the restore: two pupils and a guard, which the gate holds.
    addPupils(school.hub.db, 'B', 2);
    school.hub.db
      .prepare(
        `INSERT INTO accounts (username, display_name, role, secret_hash, created_at)
         VALUES ('zhang', '张保安', 'guard', 'scrypt$lost', '2026-11-23T01:00:00.000Z')`,
      )
      .run();
    school.sync();
    const held = school.replica.meta().cursor;
    await waitFor(
      () => Date.now(),
      (now) => now > held,
      { what: 'the clock to pass the gate’s cursor' },
    );
    const restored = openDatabase(backup);
    opened.push(restored);
    const feed = createChangeFeed({
      db: restored,
      cipher: school.hub.cipher,
      passKeys: () => school.passKeys,
    });
    // The office makes them again in another order: B2 now has the id B1 had, B1 a new one.
    addPupils(restored, 'X', 1);
    restored.prepare("UPDATE people SET card = 'B2' WHERE card = 'X1'").run();
    addPupils(restored, 'B', 1);
    restored
      .prepare(
        `INSERT INTO accounts (username, display_name, role, secret_hash, created_at)
         VALUES ('li', '李保安', 'guard', 'scrypt$other', '2026-11-23T02:00:00.000Z'),
                ('zhang', '张保安', 'guard', 'scrypt$again', '2026-11-23T02:00:00.000Z')`,
      )
      .run();

    syncFrom(school, feed);
    const people = (db: Database) =>
      db
        .prepare<[], { id: number; card: string }>(
          "SELECT id, card FROM people WHERE card LIKE 'B%' ORDER BY card",
        )
        .all();
    expect(people(school.gate.db)).toEqual(people(restored));
    const zhang = (db: Database) =>
      db
        .prepare<[], { id: number; secret_hash: string; deleted_at: string | null }>(
          "SELECT id, secret_hash, deleted_at FROM accounts WHERE username = 'zhang'",
        )
        .get();
    expect(zhang(school.gate.db)).toEqual(zhang(restored));
  });
});
