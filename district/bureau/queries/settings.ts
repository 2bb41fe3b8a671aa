// The bureau's settings: the daily report's deadline (Beijing wall clock, HH:MM).
import type pg from 'pg';
import { inTransaction } from '../../service/db';

/** The kiosk's own reportDeadline; it reports at 16:30 (migration 0001 says why). */
export const defaultDeadline = '17:30';

export function isDeadline(text: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
}

export async function reportDeadline(pool: pg.Pool | pg.PoolClient): Promise<string> {
  const { rows } = await pool.query<{ value: string }>(
    "SELECT value FROM settings WHERE name = 'report-deadline'",
  );
  const value = rows[0]?.value ?? defaultDeadline;
  // A value typed into the table by hand that is not a time falls back rather than breaking
  // every page.
  return isDeadline(value) ? value : defaultDeadline;
}

export async function setReportDeadline(
  pool: pg.Pool,
  value: string,
  actor: string,
  now: number,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    const before = await reportDeadline(client);
    await client.query(
      `INSERT INTO settings (name, value) VALUES ('report-deadline', $1)
       ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
      [value],
    );
    await audit(client, now, actor, 'set-deadline', { before, after: value });
  });
}

/** One row of the bureau's audit trail, at the service's clock. */
export async function audit(
  db: pg.Pool | pg.PoolClient,
  now: number,
  actor: string,
  action: string,
  detail: object,
): Promise<void> {
  await db.query('INSERT INTO audit (at, actor, action, detail) VALUES ($1, $2, $3, $4)', [
    new Date(now),
    actor,
    action,
    detail,
  ]);
}
