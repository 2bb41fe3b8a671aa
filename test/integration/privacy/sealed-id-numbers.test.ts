// The roster's and the entry log's ID numbers at rest: a real kiosk on a temp folder lets a pupil
// of the demo roster through, and afterwards neither kiosk.db nor its WAL holds the number; the
// stored values are sealed and open with the folder's own data key, the lookup hash is that
// key's, the export masks the number unless asked, and the district still gets it in full.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CheckView, EntryView } from '../../../contract/api';
import type { Kiosk } from '../../../backend/kiosk';
import { openFieldCipher } from '../../../backend/privacy/data-key';
import { testCipher } from '../../rigs/field-cipher';
import { waitFor } from '../../rigs/wait-for';
import { call, useSealedKiosk } from './sealed-kiosk';

// S2026001 in resources/demo-roster.csv.
const card = 'S2026001';
const idNumber = '11010520190314013X';
const masked = '110***********013X';
const secret = 'a-long-test-secret-1234';

const rig = useSealedKiosk('sealed', secret);

interface ExportFile {
  base64: string;
  rows: number;
}

async function exportedCsv(running: Kiosk, fullIdNumbers: boolean): Promise<string> {
  const input = { date: '2026-11-23', format: 'csv', fullIdNumbers };
  const file = await call<ExportFile>(running, 'exportDay', input);
  expect(file.rows).toBe(1);
  return Buffer.from(file.base64, 'base64').toString('utf8');
}

describe('ID numbers at rest', () => {
  it('never reach the file, yet the export and the district get them back', async () => {
    const running = await rig.start();
    const check = await call<CheckView>(running, 'scan', { text: card, source: 'wedge' });
    expect(check.person?.name).toBe('王小明');
    await call(running, 'simulateReading', { celsius: 36.6 });
    const [entry] = await call<EntryView[]>(running, 'recentEntries', { limit: 1 });
    expect(entry).toMatchObject({ decision: 'pass', cardText: card });
    // The screens carry no ID number at all; the console's list carries it masked.
    expect(JSON.stringify([check, entry])).not.toContain(idNumber);
    const people = await call<{ people: { idNumber: string | null }[] }>(running, 'listPeople', {
      query: card,
      limit: 10,
      offset: 0,
    });
    expect(people.people.map((person) => person.idNumber)).toEqual([masked]);

    const csv = await exportedCsv(running, false);
    expect(csv).toContain(masked);
    expect(csv).not.toContain(idNumber);
    expect(await exportedCsv(running, true)).toContain(idNumber);

    await waitFor(
      () => rig.district.records().length,
      (count) => count === 1,
      {
        what: 'the entry at the district',
      },
    );
    const [record] = rig.district.records() as { person: { idNumber: string | null } }[];
    expect(record?.person.idNumber).toBe(idNumber);

    await running.close();
    rig.kiosk = null;
    const bytes = rig.filesOnDisk();
    expect(bytes.includes(idNumber)).toBe(false);
    // Every other number of the demo roster was sealed at import too.
    const roster = readFileSync(new URL('../../../resources/demo-roster.csv', import.meta.url));
    for (const number of roster.toString('utf8').match(/\d{17}[\dX]/g) ?? []) {
      expect(bytes.includes(number), number).toBe(false);
    }

    const db = new Database(path.join(rig.dir, 'kiosk.db'));
    try {
      const cipher = openFieldCipher(db, { file: path.join(rig.dir, 'data-key') });
      const person = db
        .prepare('SELECT id_number, id_number_hash FROM people WHERE card = ?')
        .get(card) as { id_number: string; id_number_hash: string };
      expect(person.id_number.startsWith('enc1:')).toBe(true);
      expect(cipher.open('id-number', person.id_number)).toBe(idNumber);
      expect(person.id_number_hash).toBe(cipher.lookup('id-number', idNumber));
      // The folder's own key, not a fixed one.
      expect(person.id_number_hash).not.toBe(testCipher.lookup('id-number', idNumber));
      const stored = db.prepare('SELECT id_number FROM entries').pluck().all() as string[];
      expect(stored).toHaveLength(1);
      expect(stored[0]?.startsWith('enc1:')).toBe(true);
      expect(cipher.open('id-number', stored[0] ?? '')).toBe(idNumber);
    } finally {
      db.close();
    }
  });

  it('stay readable after a restart, with the same data key', async () => {
    const first = await rig.start();
    await first.close();
    rig.kiosk = null;
    const again = await rig.start();
    const check = await call<CheckView>(again, 'scan', { text: card, source: 'wedge' });
    expect(check.person?.name).toBe('王小明');
    await call(again, 'simulateReading', { celsius: 36.6 });
    expect(await exportedCsv(again, true)).toContain(idNumber);
  });
});
