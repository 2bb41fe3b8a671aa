// The daily report on a real database with an injected clock: nothing before 16:30 Beijing
// time, then the day's counts (an explicit zero on a quiet day, the retests still unresolved)
// and its sequence range sent until acknowledged, again without the added fields to a receiver
// that refuses them, tried again after a backoff, and shown as late when the deadline nears
// without an answer. Corrections: a change in the log after the report (a late entry, a retest
// ended) reaches the reference receiver as a later version, after a restart too, and the day
// after gets one last look; days the kiosk was off get their reports, back to its first day.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/database';
import { createDailyReports, firstEdition } from '../../../electron/upload/daily-report';
import type { DistrictAnswer } from '../../../electron/upload/district-client';
import { readInstallationId } from '../../../electron/upload/outbox';
import { startDistrictReceiver, type DistrictReceiver } from '../../district/receiver';
import { example, signedPost } from '../../district/spec-client';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

interface SentReport {
  date: string;
  generatedAt: string;
  counts: Record<string, number>;
  sequence?: { first: number; last: number } | null;
  zero: boolean;
  reportId: string;
}

let file: string;
let db: Database;
let clock: Date;
let sent: SentReport[];
let answers: DistrictAnswer[];

/** Beijing time on 23 November 2026, or on another day of it. */
const beijing = (hhmm: string, day = '2026-11-23') => new Date(`${day}T${hhmm}:00.000+08:00`);

/** A new kiosk database, created (its migrations run) at `createdAt`. */
function createDatabase(createdAt: Date): void {
  if (db?.open) db.close();
  file = `${makeTempDir()}/kiosk.db`;
  db = openDatabase(file, { now: () => createdAt });
}

beforeEach(() => {
  // Made that morning: the days before it get no reports unless the log has entries of them.
  createDatabase(beijing('06:00'));
  sent = [];
  answers = [];
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

/** The fields of protocol 1's first edition; a receiver written then refuses any other. */
const firstEditionFields = {
  report: 'protocol schoolId gateId installationId reportId date generatedAt counts zero'.split(
    ' ',
  ),
  counts: ['entries', 'visitors', 'denied', 'retests', 'feverCases'],
};

/** Answers as a receiver written before the added fields: refuses any unknown field. */
function firstEditionReceiver(payload: unknown): DistrictAnswer | undefined {
  const report = payload as { counts: Record<string, number> };
  const unknown = Object.keys(report).find((name) => !firstEditionFields.report.includes(name));
  if (unknown !== undefined) return { kind: 'malformed', reason: `Unrecognized key: "${unknown}"` };
  const unknownCount = Object.keys(report.counts).find(
    (name) => !firstEditionFields.counts.includes(name),
  );
  return unknownCount === undefined
    ? undefined
    : { kind: 'malformed', reason: `counts: Unrecognized key: "${unknownCount}"` };
}

type Send = (payload: unknown) => Promise<DistrictAnswer>;

function reportsWith(send: Send, schoolId = 'school-1') {
  return createDailyReports({
    db,
    installationId: readInstallationId(db),
    schoolId,
    gateId: 'south',
    reportAt: '16:30',
    deadline: '17:30',
    send: async (payload) => {
      sent.push(structuredClone(payload) as SentReport);
      return send(payload);
    },
    now: () => clock,
    random: () => 0.5,
  });
}

function reports(receiver: (payload: unknown) => DistrictAnswer | undefined = () => undefined) {
  return reportsWith(
    async (payload) =>
      receiver(payload) ?? answers.shift() ?? { kind: 'stored', body: { acknowledged: true } },
  );
}

const secret = 'district-secret-for-tests';

/** The reference receiver on the test's clock, and a kiosk sending its reports there. */
async function withReceiver(): Promise<DistrictReceiver> {
  const district = await startDistrictReceiver({
    dataDir: makeTempDir('district-'),
    secret,
    now: () => clock.getTime(),
  });
  return district;
}

/** Sends as the kiosk does (signed, gzipped), and reads the answer as the document says. */
function toReceiver(district: DistrictReceiver): Send {
  return async (payload) => {
    const url = `${district.url}/v1/daily-reports`;
    const response = await signedPost(url, payload, { secret, timestamp: clock.getTime() });
    const body = (await response.json()) as { reason?: string };
    if (response.status === 200) return { kind: 'stored', body };
    if (response.status === 400) return { kind: 'malformed', reason: body.reason ?? '' };
    const error = `The district answered ${response.status}`;
    return { kind: 'retry', code: 'server', error, retryAfterMs: null };
  };
}

/** The report as a kiosk before `sequence` wrote it. */
function withoutSequence(report: SentReport | undefined): Partial<SentReport> {
  const copy = { ...report };
  delete copy.sequence;
  return copy;
}

/** The kiosk's stored report of the day, as it was last made. */
function stored(date: string): SentReport {
  const row = db.prepare<[string], { body: string }>(
    'SELECT body FROM daily_reports WHERE date = ?',
  );
  return JSON.parse(row.get(date)?.body ?? 'null') as SentReport;
}

describe('the daily report', () => {
  it('is made at 16:30 with the day’s counts and entry range, and acknowledged', async () => {
    // Yesterday evening in Beijing, and yesterday had no report: it is made now.
    const lastNight = insertEntryRow(db, { at: '2026-11-22T15:59:59.000Z' });
    const first = insertEntryRow(db, { at: beijing('07:30').toISOString() });
    insertEntryRow(db, { at: beijing('07:31').toISOString(), decision: 'deny' });
    insertEntryRow(db, { at: beijing('07:32').toISOString(), decision: 'retest' });
    const last = insertEntryRow(db, { at: beijing('07:33').toISOString(), decision: 'refer' });
    const daily = reports();
    clock = beijing('16:29');
    await daily.tick();
    expect(sent).toMatchObject([
      {
        date: '2026-11-22',
        counts: { entries: 1 },
        sequence: { first: lastNight, last: lastNight },
        generatedAt: clock.toISOString(),
      },
    ]);
    expect(daily.status()).toMatchObject({ state: 'not-due', late: false, generatedAt: null });
    clock = beijing('16:30');
    await daily.tick();
    expect(sent.slice(1)).toMatchObject([
      {
        date: '2026-11-23',
        counts: { entries: 4, visitors: 0, denied: 1, retests: 1, feverCases: 1 },
        sequence: { first, last },
        zero: false,
      },
    ]);
    expect(sent[1]?.reportId).toBe(`${readInstallationId(db)}:2026-11-23`);
    expect(daily.status()).toMatchObject({
      state: 'acknowledged',
      late: false,
      generatedAt: clock.toISOString(),
    });
    await daily.tick();
    expect(sent).toHaveLength(2);
  });

  it('says zero explicitly on a quiet day', async () => {
    clock = beijing('16:31');
    await reports().tick();
    expect(sent).toEqual([
      expect.objectContaining({
        counts: {
          entries: 0,
          visitors: 0,
          denied: 0,
          retests: 0,
          feverCases: 0,
          unresolvedRetests: 0,
        },
        sequence: null,
        zero: true,
      }),
    ]);
  });

  it('counts the day’s retests nothing has ended, as they stand when the report is made', async () => {
    const retest = (hhmm: string) =>
      insertEntryRow(db, { at: beijing(hhmm).toISOString(), decision: 'retest' });
    const follow = (retestId: number, at: string, decision: 'pass' | 'deny' | 'refer') =>
      insertEntryRow(db, { at, decision, followsEntryId: retestId });
    follow(retest('07:30'), beijing('07:31').toISOString(), 'pass');
    follow(retest('07:40'), beijing('08:00').toISOString(), 'deny'); // a guard ended it
    const open = retest('08:10');
    retest('11:00');
    // Yesterday's open retest was yesterday's report's (made at the first tick).
    insertEntryRow(db, { at: '2026-11-22T10:00:00.000Z', decision: 'retest' });
    const daily = reports();
    clock = beijing('16:29');
    await daily.tick();
    expect(sent.splice(0)).toMatchObject([
      { date: '2026-11-22', counts: { entries: 1, retests: 1, unresolvedRetests: 1 } },
    ]);
    clock = beijing('16:30');
    answers = [
      { kind: 'retry', code: 'server', error: 'The district answered 503', retryAfterMs: null },
    ];
    await daily.tick();
    expect(sent).toMatchObject([
      { counts: { entries: 6, denied: 1, retests: 4, feverCases: 0, unresolvedRetests: 2 } },
    ]);
    // Ended after the report was made, before it got through: the report still waiting is
    // corrected, counting the retests open at its new generatedAt. (The rest, sent and
    // acknowledged, is under "corrections".)
    const ended = follow(open, beijing('16:40').toISOString(), 'pass');
    clock = beijing('16:45');
    await daily.tick();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({
      ...sent[0],
      generatedAt: beijing('16:45').toISOString(),
      counts: { ...sent[0]?.counts, entries: 7, unresolvedRetests: 1 },
      sequence: { first: sent[0]?.sequence?.first, last: ended },
    });
    expect(daily.status().state).toBe('acknowledged');
  });

  it('sends the report again at once without the added fields to a receiver that refuses them', async () => {
    const entry = insertEntryRow(db, { at: beijing('07:30').toISOString(), decision: 'retest' });
    const daily = reports(firstEditionReceiver);
    clock = beijing('16:30');
    await daily.tick();
    expect(sent.map((report) => report.counts)).toEqual([
      { entries: 1, visitors: 0, denied: 0, retests: 1, feverCases: 0, unresolvedRetests: 1 },
      { entries: 1, visitors: 0, denied: 0, retests: 1, feverCases: 0 },
    ]);
    expect(sent[0]?.sequence).toEqual({ first: entry, last: entry });
    // The same report (reportId, generatedAt) as the first edition had it.
    expect(sent[1]).toEqual({ ...withoutSequence(sent[0]), counts: sent[1]?.counts });
    expect(daily.status()).toMatchObject({ state: 'acknowledged', lastError: null });
  });

  it('keeps a report refused without the added count too, with the reason, for a retry', async () => {
    const daily = reports();
    answers = [
      { kind: 'malformed', reason: 'counts: Unrecognized key: "unresolvedRetests"' },
      { kind: 'malformed', reason: 'gateId "south" does not match X-Gate-Id "north"' },
    ];
    clock = beijing('16:30');
    await daily.tick();
    expect(sent).toHaveLength(2);
    expect(daily.status()).toMatchObject({
      state: 'waiting',
      lastError: 'gateId "south" does not match X-Gate-Id "north"',
    });
    // Tried again in full: a district may have been upgraded meanwhile.
    daily.retryNow();
    await daily.tick();
    expect(sent).toHaveLength(3);
    expect(sent[2]?.counts).toHaveProperty('unresolvedRetests', 0);
    expect(daily.status().state).toBe('acknowledged');
  });

  it('strips only the added fields, and nothing from a report without them', () => {
    const report = {
      protocol: 1,
      counts: { entries: 2, retests: 1, unresolvedRetests: 1 },
      sequence: { first: 7, last: 8 },
      zero: false,
    };
    expect(firstEdition(report)).toEqual({
      protocol: 1,
      counts: { entries: 2, retests: 1 },
      zero: false,
    });
    expect(report.counts.unresolvedRetests).toBe(1);
    expect(report.sequence).toEqual({ first: 7, last: 8 });
    // Either one alone, a null sequence too (a day with no entries).
    const quiet = { protocol: 1, counts: { entries: 0 }, sequence: null };
    expect(firstEdition(quiet)).toEqual({ protocol: 1, counts: { entries: 0 } });
    const counted = { protocol: 1, counts: { entries: 2, unresolvedRetests: 0 } };
    expect(firstEdition(counted)).toEqual({ protocol: 1, counts: { entries: 2 } });
    expect(firstEdition({ protocol: 1, counts: { entries: 2 } })).toBeNull();
    expect(firstEdition({ protocol: 1 })).toBeNull();
    expect(firstEdition(null)).toBeNull();
  });

  it('tries again after a backoff, and is late half an hour before the deadline', async () => {
    const daily = reports();
    answers = [
      { kind: 'retry', code: 'server', error: 'The district answered 503', retryAfterMs: null },
      { kind: 'retry', code: 'server', error: 'The district answered 503', retryAfterMs: null },
    ];
    clock = beijing('16:30');
    await daily.tick();
    expect(daily.status()).toMatchObject({
      state: 'waiting',
      lastError: 'The district answered 503',
      late: false,
    });
    await daily.tick();
    expect(sent).toHaveLength(1);
    clock = beijing('17:01');
    await daily.tick();
    expect(sent).toHaveLength(2);
    expect(daily.status()).toMatchObject({ state: 'waiting', late: true });
    daily.retryNow();
    await daily.tick();
    expect(daily.status()).toMatchObject({ state: 'acknowledged', late: false });
    // The same report, unchanged, each time.
    expect(new Set(sent.map((report) => JSON.stringify(report))).size).toBe(1);
  });
});

describe('corrections', () => {
  let district: DistrictReceiver;

  beforeEach(async () => {
    district = await withReceiver();
  });

  afterEach(async () => {
    await district.close();
  });

  const toDistrict = () => reportsWith(toReceiver(district), example.schoolId);
  const at = (hhmm: string, day?: string) => beijing(hhmm, day).toISOString();
  /** The district's one stored report. */
  const atDistrict = () => {
    expect(district.reports()).toHaveLength(1);
    return district.reports()[0]?.report;
  };

  it('sends a later version when an entry comes after the report was acknowledged', async () => {
    const first = insertEntryRow(db, { at: at('07:30') });
    insertEntryRow(db, { at: at('07:31'), decision: 'deny' });
    const daily = toDistrict();
    clock = beijing('16:30');
    await daily.tick();
    expect(atDistrict()).toMatchObject({ counts: { entries: 2, denied: 1 } });
    expect(daily.status().state).toBe('acknowledged');
    const late = insertEntryRow(db, { at: at('17:10') });
    clock = new Date(beijing('17:10').getTime() + 10_000);
    await daily.tick();
    expect(sent).toHaveLength(2);
    expect(sent[1]?.generatedAt).toBe(clock.toISOString());
    expect(sent[0]?.generatedAt).toBe(beijing('16:30').toISOString());
    // Replaced at the district: its counts are the kiosk's.
    expect(atDistrict()).toEqual(stored('2026-11-23'));
    expect(atDistrict()).toMatchObject({
      counts: { entries: 3, denied: 1 },
      sequence: { first, last: late },
    });
    expect(daily.status()).toMatchObject({
      state: 'acknowledged',
      generatedAt: clock.toISOString(),
    });
    // None of the records came: the district lacks the whole range the report names.
    const missing = await fetch(`${district.url}/missing?date=2026-11-23`);
    expect(await missing.json()).toMatchObject({
      gates: [{ first, last: late, received: 0, missing: [[first, late]] }],
    });
  });

  it('corrects after a restart too: it is all in the database', async () => {
    insertEntryRow(db, { at: at('07:30') });
    clock = beijing('16:30');
    await toDistrict().tick();
    expect(atDistrict()).toMatchObject({ counts: { entries: 1 } });
    // The kiosk stops; an entry is written (the gate's last check); it starts again.
    insertEntryRow(db, { at: at('16:31') });
    db.close();
    db = openDatabase(file);
    clock = beijing('16:40');
    const restarted = toDistrict();
    await restarted.tick();
    expect(sent).toHaveLength(2);
    expect(atDistrict()).toMatchObject({
      generatedAt: clock.toISOString(),
      counts: { entries: 2 },
    });
    expect(atDistrict()).toEqual(stored('2026-11-23'));
    expect(restarted.status().state).toBe('acknowledged');
  });

  it('counts fewer unresolved retests in a correction made after a retest ended', async () => {
    const open = insertEntryRow(db, { at: at('07:30'), decision: 'retest' });
    insertEntryRow(db, { at: at('07:35'), decision: 'retest' });
    const daily = toDistrict();
    clock = beijing('16:30');
    await daily.tick();
    expect(atDistrict()?.counts).toMatchObject({ entries: 2, retests: 2, unresolvedRetests: 2 });
    // A guard ends the morning's retest in the evening: the person went home.
    insertEntryRow(db, { at: at('18:00'), decision: 'deny', followsEntryId: open });
    clock = beijing('18:00');
    await daily.tick();
    expect(atDistrict()?.counts).toMatchObject({ entries: 3, retests: 2, unresolvedRetests: 1 });
    expect(atDistrict()?.generatedAt).toBe(clock.toISOString());
  });

  it('sends nothing new while nothing changes, across a restart too', async () => {
    insertEntryRow(db, { at: at('07:30'), decision: 'retest' });
    const daily = toDistrict();
    for (const time of ['16:30', '16:31', '17:00', '23:59']) {
      clock = beijing(time);
      await daily.tick();
    }
    db.close();
    db = openDatabase(file);
    clock = beijing('23:59');
    await toDistrict().tick();
    expect(sent).toHaveLength(1);
    expect(district.reports()[0]?.receivedAt).toBe(beijing('16:30').toISOString());
  });

  it('sends a report stored before the sequence range existed again, with it', async () => {
    const entry = insertEntryRow(db, { at: at('07:30') });
    clock = beijing('16:30');
    await toDistrict().tick();
    // As the kiosk's previous version wrote it: the same counts, no sequence.
    const older = withoutSequence(stored('2026-11-23'));
    db.prepare('UPDATE daily_reports SET body = ? WHERE date = ?').run(
      JSON.stringify(older),
      '2026-11-23',
    );
    clock = beijing('16:31');
    await toDistrict().tick();
    expect(sent).toHaveLength(2);
    expect(atDistrict()).toMatchObject({
      counts: older.counts,
      sequence: { first: entry, last: entry },
      generatedAt: clock.toISOString(),
    });
  });

  it('corrects yesterday once at the first tick after midnight, then leaves it', async () => {
    const morning = insertEntryRow(db, { at: at('07:30') });
    const daily = toDistrict();
    clock = beijing('16:30');
    await daily.tick();
    const retest = insertEntryRow(db, { at: at('23:59'), decision: 'retest' });
    clock = new Date(beijing('23:59').getTime() + 50_000);
    await daily.tick();
    // Written at 23:59:58, after the last tick of the day.
    const lastMinute = insertEntryRow(db, { at: new Date(clock.getTime() + 8_000).toISOString() });
    clock = beijing('00:00', '2026-11-24');
    clock = new Date(clock.getTime() + 5_000);
    await daily.tick();
    expect(sent.map((report) => [report.date, report.counts.entries])).toEqual([
      ['2026-11-23', 1],
      ['2026-11-23', 2],
      ['2026-11-23', 3],
    ]);
    expect(atDistrict()).toMatchObject({
      date: '2026-11-23',
      generatedAt: clock.toISOString(),
      counts: { entries: 3, retests: 1, unresolvedRetests: 1 },
      sequence: { first: morning, last: lastMinute },
    });
    // Yesterday's retest ended this morning: yesterday's report stays as it is, today's is not
    // due before 16:30.
    insertEntryRow(db, { at: at('07:30', '2026-11-24'), decision: 'pass', followsEntryId: retest });
    for (const time of ['07:31', '12:00']) {
      clock = beijing(time, '2026-11-24');
      await daily.tick();
    }
    expect(sent).toHaveLength(3);
    expect(daily.status()).toMatchObject({ date: '2026-11-24', state: 'not-due' });
  });

  it('sends yesterday’s report the next morning when the kiosk was off at 16:30', async () => {
    const entry = insertEntryRow(db, { at: at('07:30') });
    clock = beijing('07:00', '2026-11-24');
    const daily = toDistrict();
    await daily.tick();
    expect(atDistrict()).toMatchObject({
      date: '2026-11-23',
      generatedAt: clock.toISOString(),
      counts: { entries: 1 },
      sequence: { first: entry, last: entry },
    });
    expect(daily.status()).toMatchObject({ date: '2026-11-24', state: 'not-due' });
  });

  it('makes the missing days’ reports back to the database’s first day, then never again', async () => {
    // Made on Friday 20 November; off from Friday evening until Monday morning.
    createDatabase(beijing('09:00', '2026-11-20'));
    const friday = insertEntryRow(db, { at: at('10:00', '2026-11-20') });
    clock = beijing('07:50', '2026-11-23');
    const daily = toDistrict();
    await daily.tick();
    const made = sent.map((report) => [report.date, report.counts.entries, report.sequence]);
    expect(made).toEqual([
      ['2026-11-20', 1, { first: friday, last: friday }],
      ['2026-11-21', 0, null],
      ['2026-11-22', 0, null],
    ]);
    expect(sent.every((report) => report.generatedAt === clock.toISOString())).toBe(true);
    expect(sent.slice(1).every((report) => report.zero)).toBe(true);
    expect(district.reports().map((stored) => stored.report.date)).toEqual([
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
    ]);
    // Saturday's entry written now (the clock was set back): a day before yesterday that has
    // its report is not changed again.
    insertEntryRow(db, { at: at('09:00', '2026-11-21') });
    clock = beijing('07:51', '2026-11-23');
    await daily.tick();
    expect(sent).toHaveLength(3);
  });

  it('goes back 31 days at most', async () => {
    createDatabase(beijing('09:00', '2026-09-01'));
    clock = beijing('16:30', '2026-11-23');
    await toDistrict().tick();
    const dates = sent.map((report) => report.date);
    expect(dates).toHaveLength(32);
    expect(dates[0]).toBe('2026-10-23');
    expect(dates.at(-2)).toBe('2026-11-22');
    expect(dates.at(-1)).toBe('2026-11-23');
    expect(new Set(dates).size).toBe(32);
  });
});
