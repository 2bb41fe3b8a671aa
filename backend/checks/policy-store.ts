// Policy versions in the database. Each change is a new row with an effective time; nothing
// is edited, so an entry's policy_version always names the rules it was decided under.
// Never writes a body that policySchema has not parsed, and never updates or deletes a row.
import type { Database } from 'better-sqlite3';
import type { PolicyVersionView } from '../../contract/operations/policy-operations';
import { policySchema, type Policy } from './policy';

export type PolicySource = PolicyVersionView['source'];

export interface StoredPolicy {
  version: number;
  effectiveFrom: string;
  savedAt: string;
  source: PolicySource;
  /** "李老师 (li)"; null for versions the kiosk wrote itself at start. */
  savedBy: string | null;
  policy: Policy;
  /** The text as stored: a schema grown since parses it with defaults, so it may differ. */
  body: string;
}

interface PolicyRow {
  version: number;
  effective_from: string;
  created_at: string;
  source: PolicySource;
  saved_by: string | null;
  body: string;
}

const columns = 'version, effective_from, created_at, source, saved_by, body';
/** The key in kiosk_meta holding the config file's policy as last applied. */
const configMetaKey = 'config_policy_applied';

function stored(row: PolicyRow): StoredPolicy {
  return {
    version: row.version,
    effectiveFrom: row.effective_from,
    savedAt: row.created_at,
    source: row.source,
    savedBy: row.saved_by,
    policy: policySchema.parse(JSON.parse(row.body)),
    body: row.body,
  };
}

/**
 * The version in effect at `at`: the one with the latest effective time not after it (a later
 * save for the same moment wins). Null only on a database no start has seeded yet.
 */
export function policyInEffect(db: Database, at: Date): StoredPolicy | null {
  const row = db
    .prepare<[string], PolicyRow>(
      `SELECT ${columns} FROM policies WHERE effective_from <= ?
       ORDER BY effective_from DESC, version DESC LIMIT 1`,
    )
    .get(at.toISOString());
  return row === undefined ? null : stored(row);
}

/** When the next scheduled version takes over, if one is waiting. */
export function nextEffectiveAfter(db: Database, at: Date): string | null {
  const row = db
    .prepare<[string], { effective_from: string }>(
      'SELECT effective_from FROM policies WHERE effective_from > ? ORDER BY effective_from LIMIT 1',
    )
    .get(at.toISOString());
  return row?.effective_from ?? null;
}

/** Versions, newest first. */
export function listPolicyVersions(db: Database, limit: number): StoredPolicy[] {
  return db
    .prepare<[number], PolicyRow>(`SELECT ${columns} FROM policies ORDER BY version DESC LIMIT ?`)
    .all(limit)
    .map(stored);
}

export interface NewVersion {
  policy: Policy;
  effectiveFrom: Date;
  savedAt: Date;
  source: PolicySource;
  savedBy: string | null;
}

/** Adds a version; the body is parsed again first, so a row always holds a valid policy. */
export function insertPolicyVersion(db: Database, version: NewVersion): StoredPolicy {
  const body = JSON.stringify(policySchema.parse(version.policy));
  const result = db
    .prepare(
      `INSERT INTO policies (effective_from, body, created_at, source, saved_by)
       VALUES (?, ?, ?, ?, ?)`,
    )
    .run(
      version.effectiveFrom.toISOString(),
      body,
      version.savedAt.toISOString(),
      version.source,
      version.savedBy,
    );
  const row = db
    .prepare<[number], PolicyRow>(`SELECT ${columns} FROM policies WHERE version = ?`)
    .get(Number(result.lastInsertRowid));
  if (row === undefined) throw new Error('The policy version just saved cannot be read back.');
  return stored(row);
}

/**
 * At start. The config file's `policy` becomes a new version only when the file's policy
 * itself changed since it was last applied (or no version exists yet) — so editing the file
 * still works, and the screen's versions survive a restart. Without a `policy` section the
 * screen owns the policy; the defaults only seed an empty database. Finally, a version in
 * effect that lacks rules added to the program since is saved again in full, so an entry's
 * version names every rule it was decided under.
 */
export function applyConfigPolicy(db: Database, configPolicy: Policy | null, now: Date): void {
  db.transaction(() => {
    const current = policyInEffect(db, now);
    const text = configPolicy === null ? null : JSON.stringify(policySchema.parse(configPolicy));
    if (text === null) {
      // A section removed and later added back again is a change again.
      db.prepare('DELETE FROM kiosk_meta WHERE key = ?').run(configMetaKey);
    }
    if (current === null || (text !== null && configChanged(db, text, current))) {
      const policy = configPolicy ?? policySchema.parse({});
      insertPolicyVersion(db, {
        policy,
        effectiveFrom: now,
        savedAt: now,
        source: 'config',
        savedBy: null,
      });
    }
    if (text !== null) {
      db.prepare('INSERT OR REPLACE INTO kiosk_meta (key, value) VALUES (?, ?)').run(
        configMetaKey,
        text,
      );
    }
    const inEffect = policyInEffect(db, now);
    if (inEffect !== null && inEffect.body !== JSON.stringify(inEffect.policy)) {
      insertPolicyVersion(db, {
        policy: inEffect.policy,
        effectiveFrom: now,
        savedAt: now,
        source: 'upgrade',
        savedBy: inEffect.savedBy,
      });
    }
  })();
}

function configChanged(db: Database, text: string, current: StoredPolicy): boolean {
  const row = db
    .prepare<[string], { value: string }>('SELECT value FROM kiosk_meta WHERE key = ?')
    .get(configMetaKey);
  // A database from before this rule applied the config at every start: the config is the
  // version in effect unless they differ.
  if (row === undefined) return JSON.stringify(current.policy) !== text;
  return normalised(row.value) !== text;
}

/**
 * The last applied text as the program now reads it: a rule added to the schema since fills
 * in the same default on both sides, so a program update alone is not a change of the file.
 */
function normalised(text: string): string | null {
  try {
    return JSON.stringify(policySchema.parse(JSON.parse(text)));
  } catch {
    return null;
  }
}
