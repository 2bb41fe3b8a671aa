// A full disk on demand for a kiosk built in this process, on any machine and without root:
// PRAGMA max_page_count on the kiosk's own connection. SQLite then answers SQLITE_FULL for the
// first write that needs one more page, exactly what it answers when the disk itself is full.
import type { Database } from 'better-sqlite3';

export interface DiskCap {
  /** Pass as createKiosk's onDatabaseOpened. */
  hook: (db: Database) => void;
  /** From now on the database may not grow by a single page. */
  fill(): void;
  /** Space returns: the limit the connection had before. */
  free(): void;
}

export function createDiskCap(): DiskCap {
  let db: Database | null = null;
  let original = 0;
  const connection = (): Database => {
    if (db === null) throw new Error('the kiosk has not opened its database yet');
    return db;
  };
  return {
    hook: (opened) => {
      db = opened;
      original = Number(opened.pragma('max_page_count', { simple: true }));
    },
    fill: () => {
      const pages = Number(connection().pragma('page_count', { simple: true }));
      connection().pragma(`max_page_count = ${pages}`);
    },
    free: () => {
      connection().pragma(`max_page_count = ${original}`);
    },
  };
}
