// The district service's PostgreSQL: a pool, the migrations (district/migrations/NNNN_*.sql,
// forward only, each applied once), transactions, and the school day. The service keeps no
// state of its own between requests: any number of processes may stand in front of one
// database, and the database's keys and locks decide every question two of them could answer
// differently.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

// bigint (COUNT, sequences) as a number: the counts here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// A date column as the 'YYYY-MM-DD' it holds, not a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'migrations');

export function openDb(url: string, options: { max?: number } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client whose server went away (a database restart) must not crash the process; the
  // next query gets a fresh connection.
  pool.on('error', () => undefined);
  return pool;
}

export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** An arbitrary constant: the advisory lock two processes migrating at once take in turn. */
const migrationLock = 2_020_001;

/** Applies the migrations not yet applied, in order, each in its own transaction. */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const files = readdirSync(migrationsDir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map(
        (row) => row.name,
      ),
    );
    for (const name of files) {
      if (done.has(name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(readFileSync(path.join(migrationsDir, name), 'utf8'));
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${name} failed: ${(error as Error).message}`);
      }
      applied.push(name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]).catch(() => undefined);
    client.release();
  }
  return applied;
}

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The school day (Asia/Shanghai) of an instant, as 'YYYY-MM-DD'. */
export function schoolDay(at: Date | number): string {
  return dayFormat.format(at);
}

/** The instant a school day begins (Beijing midnight; China keeps no daylight saving time). */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}
