// Corrections of the daily report, sent to the reference district receiver on the test's clock:
// a change in the log after the report (a late entry, a retest ended) reaches the receiver as a
// later version, after a restart too, and nothing is sent while nothing changes; the day after
// gets one last look; days the kiosk was off get their reports, back to its first day (31 at
// most). The report itself is tested in daily-report.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../backend/store/database';
import { startDistrictReceiver, type DistrictReceiver } from '../../district/receiver';
import { example, signedPost } from '../../district/spec-client';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir } from '../../fixtures/temp-data-dir';
import {
  beijing,
  openKiosk,
  withoutSequence,
  type ReportKiosk,
  type Send,
} from './daily-report-rig';

let kiosk: ReportKiosk;

beforeEach(() => {
  kiosk = openKiosk();
});

afterEach(() => {
  kiosk.close();
});

const secret = 'district-secret-for-tests';

/** The reference receiver on the test's clock, and a kiosk sending its reports there. */
async function withReceiver(): Promise<DistrictReceiver> {
  const district = await startDistrictReceiver({
    dataDir: makeTempDir('district-'),
    secret,
    now: () => kiosk.clock.getTime(),
  });
  return district;
}

/** Sends as the kiosk does (signed, gzipped), and reads the answer as the document says. */
function toReceiver(district: DistrictReceiver): Send {
  return async (payload) => {
    const url = `${district.url}/v1/daily-reports`;
    const response = await signedPost(url, payload, { secret, timestamp: kiosk.clock.getTime() });
    const body = (await response.json()) as { reason?: string };
    if (response.status === 200) return { kind: 'stored', body };
    if (response.status === 400) return { kind: 'malformed', reason: body.reason ?? '' };
    const error = `The district answered ${response.status}`;
    return { kind: 'retry', code: 'server', error, retryAfterMs: null };
  };
}

describe('corrections', () => {
  let district: DistrictReceiver;

  beforeEach(async () => {
    district = await withReceiver();
  });

  afterEach(async () => {
    await district.close();
  });

  const toDistrict = () => kiosk.reportsWith(toReceiver(district), example.schoolId);
  const at = (hhmm: string, day?: string) => beijing(hhmm, day).toISOString();
  /** The district's one stored report. */
  const atDistrict = () => {
    expect(district.reports()).toHaveLength(1);
    return district.reports()[0]?.report;
  };

  it('sends a later version when an entry comes after the report was acknowledged', async () => {
    const first = insertEntryRow(kiosk.db, { at: at('07:30') });
    insertEntryRow(kiosk.db, { at: at('07:31'), decision: 'deny' });
    const daily = toDistrict();
    kiosk.clock = beijing('16:30');
    await daily.tick();
    expect(atDistrict()).toMatchObject({ counts: { entries: 2, denied: 1 } });
    expect(daily.status().state).toBe('acknowledged');
    const late = insertEntryRow(kiosk.db, { at: at('17:10') });
    kiosk.clock = new Date(beijing('17:10').getTime() + 10_000);
    await daily.tick();
    expect(kiosk.sent).toHaveLength(2);
    expect(kiosk.sent[1]?.generatedAt).toBe(kiosk.clock.toISOString());
    expect(kiosk.sent[0]?.generatedAt).toBe(beijing('16:30').toISOString());
    // Replaced at the district: its counts are the kiosk's.
    expect(atDistrict()).toEqual(kiosk.stored('2026-11-23'));
    expect(atDistrict()).toMatchObject({
      counts: { entries: 3, denied: 1 },
      sequence: { first, last: late },
    });
    expect(daily.status()).toMatchObject({
      state: 'acknowledged',
      generatedAt: kiosk.clock.toISOString(),
    });
    // None of the records came: the district lacks the whole range the report names.
    const missing = await fetch(`${district.url}/missing?date=2026-11-23`);
    expect(await missing.json()).toMatchObject({
      gates: [{ first, last: late, received: 0, missing: [[first, late]] }],
    });
  });

  it('corrects after a restart too: it is all in the database', async () => {
    insertEntryRow(kiosk.db, { at: at('07:30') });
    kiosk.clock = beijing('16:30');
    await toDistrict().tick();
    expect(atDistrict()).toMatchObject({ counts: { entries: 1 } });
    // The kiosk stops; an entry is written (the gate's last check); it starts again.
    insertEntryRow(kiosk.db, { at: at('16:31') });
    kiosk.db.close();
    kiosk.db = openDatabase(kiosk.file);
    kiosk.clock = beijing('16:40');
    const restarted = toDistrict();
    await restarted.tick();
    expect(kiosk.sent).toHaveLength(2);
    expect(atDistrict()).toMatchObject({
      generatedAt: kiosk.clock.toISOString(),
      counts: { entries: 2 },
    });
    expect(atDistrict()).toEqual(kiosk.stored('2026-11-23'));
    expect(restarted.status().state).toBe('acknowledged');
  });

  it('counts fewer unresolved retests in a correction made after a retest ended', async () => {
    const open = insertEntryRow(kiosk.db, { at: at('07:30'), decision: 'retest' });
    insertEntryRow(kiosk.db, { at: at('07:35'), decision: 'retest' });
    const daily = toDistrict();
    kiosk.clock = beijing('16:30');
    await daily.tick();
    expect(atDistrict()?.counts).toMatchObject({ entries: 2, retests: 2, unresolvedRetests: 2 });
    // A guard ends the morning's retest in the evening: the person went home.
    insertEntryRow(kiosk.db, { at: at('18:00'), decision: 'deny', followsEntryId: open });
    kiosk.clock = beijing('18:00');
    await daily.tick();
    expect(atDistrict()?.counts).toMatchObject({ entries: 3, retests: 2, unresolvedRetests: 1 });
    expect(atDistrict()?.generatedAt).toBe(kiosk.clock.toISOString());
  });

  it('sends nothing new while nothing changes, across a restart too', async () => {
    insertEntryRow(kiosk.db, { at: at('07:30'), decision: 'retest' });
    const daily = toDistrict();
    for (const time of ['16:30', '16:31', '17:00', '23:59']) {
      kiosk.clock = beijing(time);
      await daily.tick();
    }
    kiosk.db.close();
    kiosk.db = openDatabase(kiosk.file);
    kiosk.clock = beijing('23:59');
    await toDistrict().tick();
    expect(kiosk.sent).toHaveLength(1);
    expect(district.reports()[0]?.receivedAt).toBe(beijing('16:30').toISOString());
  });

  it('sends a report stored before the sequence range existed again, with it', async () => {
    const entry = insertEntryRow(kiosk.db, { at: at('07:30') });
    kiosk.clock = beijing('16:30');
    await toDistrict().tick();
    // As the kiosk's previous version wrote it: the same counts, no sequence.
    const older = withoutSequence(kiosk.stored('2026-11-23'));
    kiosk.db
      .prepare('UPDATE daily_reports SET body = ? WHERE date = ?')
      .run(JSON.stringify(older), '2026-11-23');
    kiosk.clock = beijing('16:31');
    await toDistrict().tick();
    expect(kiosk.sent).toHaveLength(2);
    expect(atDistrict()).toMatchObject({
      counts: older.counts,
      sequence: { first: entry, last: entry },
      generatedAt: kiosk.clock.toISOString(),
    });
  });

  it('corrects yesterday once at the first tick after midnight, then leaves it', async () => {
    const morning = insertEntryRow(kiosk.db, { at: at('07:30') });
    const daily = toDistrict();
    kiosk.clock = beijing('16:30');
    await daily.tick();
    const retest = insertEntryRow(kiosk.db, { at: at('23:59'), decision: 'retest' });
    kiosk.clock = new Date(beijing('23:59').getTime() + 50_000);
    await daily.tick();
    // Written at 23:59:58, after the last tick of the day.
    const lastMinute = insertEntryRow(kiosk.db, {
      at: new Date(kiosk.clock.getTime() + 8_000).toISOString(),
    });
    kiosk.clock = beijing('00:00', '2026-11-24');
    kiosk.clock = new Date(kiosk.clock.getTime() + 5_000);
    await daily.tick();
    expect(kiosk.sent.map((report) => [report.date, report.counts.entries])).toEqual([
      ['2026-11-23', 1],
      ['2026-11-23', 2],
      ['2026-11-23', 3],
    ]);
    expect(atDistrict()).toMatchObject({
      date: '2026-11-23',
      generatedAt: kiosk.clock.toISOString(),
      counts: { entries: 3, retests: 1, unresolvedRetests: 1 },
      sequence: { first: morning, last: lastMinute },
    });
    // Yesterday's retest ended this morning: yesterday's report stays as it is, today's is not
    // due before 16:30.
    insertEntryRow(kiosk.db, {
      at: at('07:30', '2026-11-24'),
      decision: 'pass',
      followsEntryId: retest,
    });
    for (const time of ['07:31', '12:00']) {
      kiosk.clock = beijing(time, '2026-11-24');
      await daily.tick();
    }
    expect(kiosk.sent).toHaveLength(3);
    expect(daily.status()).toMatchObject({ date: '2026-11-24', state: 'not-due' });
  });

  it('sends yesterday’s report the next morning when the kiosk was off at 16:30', async () => {
    const entry = insertEntryRow(kiosk.db, { at: at('07:30') });
    kiosk.clock = beijing('07:00', '2026-11-24');
    const daily = toDistrict();
    await daily.tick();
    expect(atDistrict()).toMatchObject({
      date: '2026-11-23',
      generatedAt: kiosk.clock.toISOString(),
      counts: { entries: 1 },
      sequence: { first: entry, last: entry },
    });
    expect(daily.status()).toMatchObject({ date: '2026-11-24', state: 'not-due' });
  });

  it('makes the missing days’ reports back to the database’s first day, then never again', async () => {
    // Made on Friday 20 November; off from Friday evening until Monday morning.
    kiosk.createDatabase(beijing('09:00', '2026-11-20'));
    const friday = insertEntryRow(kiosk.db, { at: at('10:00', '2026-11-20') });
    kiosk.clock = beijing('07:50', '2026-11-23');
    const daily = toDistrict();
    await daily.tick();
    const made = kiosk.sent.map((report) => [report.date, report.counts.entries, report.sequence]);
    expect(made).toEqual([
      ['2026-11-20', 1, { first: friday, last: friday }],
      ['2026-11-21', 0, null],
      ['2026-11-22', 0, null],
    ]);
    expect(kiosk.sent.every((report) => report.generatedAt === kiosk.clock.toISOString())).toBe(
      true,
    );
    expect(kiosk.sent.slice(1).every((report) => report.zero)).toBe(true);
    expect(district.reports().map((stored) => stored.report.date)).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
    // Saturday's entry written now (the clock was set back): a day before yesterday that has
    // its report is not changed again.
    insertEntryRow(kiosk.db, { at: at('09:00', '2026-11-21') });
    kiosk.clock = beijing('07:51', '2026-11-23');
    await daily.tick();
    expect(kiosk.sent).toHaveLength(3);
  });

  it('goes back 31 days at most', async () => {
    kiosk.createDatabase(beijing('09:00', '2026-09-01'));
    kiosk.clock = beijing('16:30', '2026-11-23');
    await toDistrict().tick();
    const dates = kiosk.sent.map((report) => report.date);
    expect(dates).toHaveLength(32);
    expect(dates[0]).toBe('2026-10-23');
    expect(dates.at(-2)).toBe('2026-11-22');
    expect(dates.at(-1)).toBe('2026-11-23');
    expect(new Set(dates).size).toBe(32);
  });
});
