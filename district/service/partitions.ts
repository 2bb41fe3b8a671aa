// The records table's partitions, one per school day: records_YYYY_MM_DD holds the records whose
// `at` falls on that day in Asia/Shanghai. A partition is made before the first record of its
// day is stored (there is no default partition: a day's partition could not be created once a
// default one held rows of that day), and an old day is detached whole, a quick catalogue change
// instead of deleting millions of rows.
import type pg from 'pg';
import { inTransaction } from './db';

/** Two processes making the same day's partition at once take turns on this advisory lock. */
const partitionLock = 2_020_002;

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The partition's table name for a day: records_2026_11_23. */
export function partitionName(day: string): string {
  const parts = dayPattern.exec(day);
  if (!parts) throw new Error(`"${day}" is not a day (YYYY-MM-DD)`);
  return `records_${parts[1]}_${parts[2]}_${parts[3]}`;
}

/** The day after, as YYYY-MM-DD (calendar arithmetic in UTC: a day has no time zone here). */
function nextDay(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString().slice(0, 10);
}

/**
 * Days this process has seen a partition for, per pool (tests run several databases in one
 * process). Only a cache, so that a busy day costs one look:
 * the database decides (a partition detached by another process is made again on the next
 * insert that misses it, see forgetPartitions).
 */
const known = new WeakMap<pg.Pool, Set<string>>();

function knownDays(pool: pg.Pool): Set<string> {
  let days = known.get(pool);
  if (!days) {
    days = new Set();
    known.set(pool, days);
  }
  return days;
}

/** Makes the partitions of these days that do not exist yet. */
export async function ensurePartitions(pool: pg.Pool, days: Iterable<string>): Promise<void> {
  const wanted = [...new Set(days)].filter((day) => !knownDays(pool).has(day));
  if (wanted.length === 0) return;
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [partitionLock]);
    for (const day of wanted.sort()) {
      const name = partitionName(day);
      // Looked up first: every process asks this once per day it sees.
      const found = await client.query<{ attached: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_inherits
                          WHERE inhrelid = to_regclass($1) AND inhparent = 'records'::regclass)
                  AS attached`,
        [name],
      );
      if (!found.rows[0]?.attached) {
        // Made, then attached: CREATE TABLE … PARTITION OF would take an ACCESS EXCLUSIVE lock on
        // records and wait for (and hold up) every upload under way; ATTACH takes a lock that
        // inserts do not conflict with, and finds the new table empty at once. ATTACH makes the
        // partition's copies of the records' indexes.
        await client.query(
          `CREATE TABLE ${name} (LIKE records INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
        );
        await client.query(
          `ALTER TABLE records ATTACH PARTITION ${name} FOR VALUES FROM ('${day}') TO ('${nextDay(day)}')`,
        );
      }
    }
  });
  for (const day of wanted) knownDays(pool).add(day);
}

/** An insert found no partition for its day (another process detached it): look again. */
export function forgetPartitions(pool: pg.Pool, days: Iterable<string>): void {
  for (const day of days) knownDays(pool).delete(day);
}

/** True for PostgreSQL's "no partition of relation … found for row". */
export function isMissingPartition(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === '23514' && /no partition/.test(message ?? '');
}

/**
 * Detaches the partitions of days before `day` (YYYY-MM-DD) and renames each to
 * detached_records_YYYY_MM_DD (or …_2, …_3 when that name is taken), so its name is free should a
 * late record of that day arrive.
 * The detached tables keep their rows until someone drops or archives them. Their new names.
 */
export async function detachBefore(pool: pg.Pool, day: string): Promise<string[]> {
  partitionName(day);
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [partitionLock]);
    const partitions = await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'records'::regclass ORDER BY c.relname`,
    );
    const detached: string[] = [];
    for (const { name } of partitions.rows) {
      const parts = /^records_(\d{4})_(\d{2})_(\d{2})$/.exec(name);
      if (!parts || `${parts[1]}-${parts[2]}-${parts[3]}` >= day) continue;
      await client.query(`ALTER TABLE records DETACH PARTITION ${name}`);
      // A day detached before, whose late records made its partition again, gets a second name.
      let renamed = `detached_${name}`;
      for (let copy = 2; await exists(client, renamed); copy += 1) {
        renamed = `detached_${name}_${copy}`;
      }
      await client.query(`ALTER TABLE ${name} RENAME TO ${renamed}`);
      detached.push(renamed);
      forgetPartitions(pool, [`${parts[1]}-${parts[2]}-${parts[3]}`]);
    }
    return detached;
  });
}

async function exists(client: pg.PoolClient, table: string): Promise<boolean> {
  const found = await client.query('SELECT to_regclass($1) IS NOT NULL AS found', [table]);
  return (found.rows[0] as { found: boolean }).found;
}
