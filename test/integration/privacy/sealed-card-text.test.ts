// A wedge scanner that reads an ID card types its number as the card text. That number is an
// ID number like any other: sealed in entries.card_text (the file never holds it), masked in the
// check and entry-saved events, the recent entries, today's denials, the fever cases and the
// export unless full numbers are asked for; the district gets it in full, as it gets idNumber.
// The chain covers the sealed form and verifies; a retest's ending entry seals it once, not
// twice; and a card text an older version stored in plain text is masked all the same, still
// verifies, and is counted by `npm run verify`.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createFeverCases } from '../../../backend/cases/fever-cases';
import { resolutionEntry, createRetestBook } from '../../../backend/checks/retest-book';
import { main as verify } from '../../../cli/verify';
import type { CheckView, EntryView } from '../../../contract/api';
import { createEntryLog } from '../../../backend/entries/entry-log';
import type { Kiosk } from '../../../backend/kiosk';
import { openFieldCipher } from '../../../backend/privacy/data-key';
import { plainTextCounts } from '../../../backend/privacy/seal-plaintext';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { testCipher } from '../../rigs/field-cipher';
import { waitFor } from '../../rigs/wait-for';
import { call, useSealedKiosk } from './sealed-kiosk';

// Valid (GB 11643 check character) and on no roster: the demo roster's cards are S2026…
const idNumber = '11010519491231002X';
const masked = '110***********002X';
const secret = 'a-long-test-secret-1234';

const rig = useSealedKiosk('card-text', secret);

async function exportedCsv(running: Kiosk, fullIdNumbers: boolean): Promise<string> {
  const input = { date: '2026-11-23', format: 'csv', fullIdNumbers };
  const file = await call<{ base64: string }>(running, 'exportDay', input);
  return Buffer.from(file.base64, 'base64').toString('utf8');
}

async function verifyDataDir(dataDir: string) {
  const lines: string[] = [];
  const output = {
    out: (line: string) => lines.push(line),
    error: (line: string) => lines.push(line),
  };
  const code = await verify(['--data-dir', dataDir], { output });
  return { code, text: lines.join('\n') };
}

describe('an ID number scanned as the card', () => {
  it('is sealed in the file, masked on every screen and in the export, whole at the district', async () => {
    const running = await rig.start();
    const events: unknown[] = [];
    running.events.on('check', (view) => events.push(view));
    running.events.on('entry-saved', (entry) => events.push(entry));

    const check = await call<CheckView>(running, 'scan', { text: idNumber, source: 'wedge' });
    expect(check.cardText).toBe(masked);
    expect(check.entry).toMatchObject({ decision: 'deny', reasons: ['card-unknown'] });
    expect(check.entry?.cardText).toBe(masked);
    const [entry] = await call<EntryView[]>(running, 'recentEntries', { limit: 1 });
    expect(entry?.cardText).toBe(masked);
    const today = await call<{ latestDenied: { cardText: string }[] }>(running, 'todaySummary', {
      date: '2026-11-23',
    });
    expect(today.latestDenied.map((denied) => denied.cardText)).toEqual([masked]);
    expect(events.length).toBeGreaterThanOrEqual(2);
    const shown = JSON.stringify([check, entry, today, events]);
    expect(shown).toContain(masked);
    expect(shown).not.toContain(idNumber);
    expect(shown).not.toContain(idNumber.slice(3, 14));

    const csv = await exportedCsv(running, false);
    expect(csv).toContain(masked);
    expect(csv).not.toContain(idNumber);
    expect(await exportedCsv(running, true)).toContain(idNumber);

    // The district gets the card text as scanned, as it gets a person's idNumber.
    await waitFor(
      () => rig.district.records().length,
      (count) => count === 1,
      { what: 'the entry at the district' },
    );
    const [record] = rig.district.records() as { cardText: string }[];
    expect(record?.cardText).toBe(idNumber);

    await running.close();
    rig.kiosk = null;
    expect(rig.filesOnDisk().includes(idNumber)).toBe(false);
    expect(rig.filesOnDisk().includes(idNumber.toLowerCase())).toBe(false);

    const db = new Database(databaseFile(rig.dir));
    try {
      const cipher = openFieldCipher(db, { file: path.join(rig.dir, 'data-key') });
      const stored = db.prepare('SELECT card_text FROM entries').pluck().all() as string[];
      expect(stored).toHaveLength(1);
      expect(stored[0]?.startsWith('enc1:')).toBe(true);
      expect(cipher.open('id-number', stored[0] ?? '')).toBe(idNumber);
      expect(plainTextCounts(db)).toEqual({});
    } finally {
      db.close();
    }
    // The chain hashed the sealed form, as it does id_number: the log verifies.
    const verified = await verifyDataDir(rig.dir);
    expect(verified.text).toContain('Intact');
    expect(verified.code).toBe(0);
  });

  it('stays whole through a retest: the ending entry seals it once, the fever case masks it', () => {
    const db = openDatabase(databaseFile(rig.dir));
    try {
      const log = createEntryLog(db, testCipher);
      const at = new Date('2026-11-23T00:10:00.000Z');
      const person = { id: null, name: '访客', kind: 'visitor' as const, className: '', idNumber };
      const base = {
        gateId: 'north',
        reasons: [],
        cardText: idNumber,
        identitySource: 'wedge' as const,
        person,
        temperature: null,
        policyVersion: 1,
        followsEntryId: null,
        appointmentId: null,
      };
      db.prepare(
        `INSERT OR IGNORE INTO policies (version, effective_from, body, created_at)
         VALUES (1, '2026-01-01T00:00:00.000Z', '{}', '2026-01-01T00:00:00.000Z')`,
      ).run();
      const retest = log.append({ ...base, checkId: 'c1', at, decision: 'retest' });
      expect(retest.cardText).toBe(masked);
      const book = createRetestBook(db, testCipher, () => at);
      const open = book.byId(retest.id);
      if (open === null) throw new Error('the retest is not open');
      expect(open.cardText).toBe(idNumber);
      const ended = log.append(
        resolutionEntry(open, 'observation', {
          guardName: '王保安',
          gateId: 'north',
          policyVersion: 1,
          checkId: 'c2',
          at,
        }),
      );
      expect(ended).toMatchObject({ decision: 'refer', cardText: masked });
      const stored = db.prepare('SELECT card_text FROM entries ORDER BY id').pluck().all();
      for (const value of stored as string[]) {
        expect(value.startsWith('enc1:')).toBe(true);
        expect(testCipher.open('id-number', value)).toBe(idNumber);
      }
      const [feverCase] = createFeverCases(db, () => at, testCipher).list(0).open;
      expect(feverCase?.cardText).toBe(masked);
    } finally {
      db.close();
    }
  });

  it('written in plain text by an older version: masked all the same, verified, and counted', async () => {
    const db = openDatabase(databaseFile(rig.dir));
    try {
      // An entry an older version wrote, chained as it was; then one this version writes.
      insertEntryRow(db, { at: '2026-11-23T00:05:00.000Z', decision: 'deny', cardText: idNumber });
      const log = createEntryLog(db, testCipher);
      const views = log.recent(5);
      expect(views.map((view) => view.cardText)).toEqual([masked]);
      expect(plainTextCounts(db)).toEqual({ 'entries.card_text': 1 });
    } finally {
      db.close();
    }
    const verified = await verifyDataDir(rig.dir);
    expect(verified.code).toBe(0);
    expect(verified.text).toContain('Intact');
    expect(verified.text).toContain('entries.card_text 1');
  });

  it('a scan that merely starts like a sealed value is sealed too, and reads back as scanned', () => {
    const db = openDatabase(databaseFile(rig.dir));
    try {
      db.prepare(
        `INSERT OR IGNORE INTO policies (version, effective_from, body, created_at)
         VALUES (1, '2026-01-01T00:00:00.000Z', '{}', '2026-01-01T00:00:00.000Z')`,
      ).run();
      const log = createEntryLog(db, testCipher);
      const entry = log.append({
        checkId: 'c1',
        at: new Date('2026-11-23T00:10:00.000Z'),
        gateId: 'north',
        decision: 'deny',
        reasons: ['card-unknown'],
        cardText: 'enc1:not-sealed-at-all',
        identitySource: 'camera',
        person: null,
        temperature: null,
        policyVersion: 1,
        followsEntryId: null,
        appointmentId: null,
      });
      expect(entry.cardText).toBe('enc1:not-sealed-at-all');
      const stored = db.prepare('SELECT card_text FROM entries').pluck().get() as string;
      expect(testCipher.open('id-number', stored)).toBe('enc1:not-sealed-at-all');
    } finally {
      db.close();
    }
  });
});
