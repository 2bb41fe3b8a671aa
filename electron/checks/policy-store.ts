// Policy versions in the database. Each change is a new row with an effective time; nothing
// is edited, so an entry's policy_version always names the rules it was decided under.
import type { Database } from 'better-sqlite3';
import { policySchema, type Policy, type VersionedPolicy } from './policy';

interface PolicyRow {
  version: number;
  body: string;
}

export function currentPolicy(
  db: Database,
  now: Date,
): (VersionedPolicy & { body: string }) | null {
  const row = db
    .prepare<[string], PolicyRow>(
      'SELECT version, body FROM policies WHERE effective_from <= ? ORDER BY version DESC LIMIT 1',
    )
    .get(now.toISOString());
  if (row === undefined) return null;
  return {
    version: row.version,
    policy: policySchema.parse(JSON.parse(row.body)),
    body: row.body,
  };
}

/**
 * Makes `policy` the current one, adding a version only when it differs from the latest as
 * stored: a rule added to the schema since (with its default) is a change too, so an entry's
 * version always names every rule it was decided under.
 */
export function ensurePolicy(db: Database, policy: Policy, now: Date): VersionedPolicy {
  const current = currentPolicy(db, now);
  if (current !== null && current.body === JSON.stringify(policy)) {
    return { version: current.version, policy: current.policy };
  }
  const stamp = now.toISOString();
  const result = db
    .prepare('INSERT INTO policies (effective_from, body, created_at) VALUES (?, ?, ?)')
    .run(stamp, JSON.stringify(policy), stamp);
  return { version: Number(result.lastInsertRowid), policy };
}
