// The demo roster a first run with no configuration starts with (docs/installer.md), so the
// kiosk can be tried before the school imports its own sheet.
// Never touches a roster that already has people in it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import type { FieldCipher } from '../privacy/field-cipher';
import { decodeRosterFile, parseRosterCsv } from './roster-csv';
import type { RosterImportCounts } from './roster-store';
import { countPeople, importRoster } from './roster-store';

/** `<repo>/resources/demo-roster.csv`, found from this source file. */
export function defaultDemoRosterFile(): string {
  return fileURLToPath(new URL('../../resources/demo-roster.csv', import.meta.url));
}

/**
 * Imports the demo roster when the people table is empty; returns the counts, or null when the
 * roster already had people. The check and the import are one transaction, so two processes
 * starting at once cannot both load it.
 */
export function loadDemoRosterIfEmpty(
  db: Database,
  cipher: FieldCipher,
  now: Date,
  file: string = defaultDemoRosterFile(),
): RosterImportCounts | null {
  const parsed = parseRosterCsv(decodeRosterFile(readFileSync(file)), { today: now });
  if (!parsed.ok) {
    // The demo file ships with the code; a bad one is a bug, not something a guard can fix.
    const lines = parsed.errors.map((error) => `line ${error.line}: ${error.message}`);
    throw new Error(`The demo roster ${file} is invalid:\n${lines.join('\n')}`);
  }
  const people = parsed.people;
  const load = db.transaction((): RosterImportCounts | null =>
    countPeople(db) > 0 ? null : importRoster(db, cipher, people, now),
  );
  return load.immediate();
}
