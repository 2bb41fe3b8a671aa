// The audit log: every admin action, every sign-in and refused one, with who and from where.
// Rows are only ever added (the database triggers refuse an edit).
import type { Database } from 'better-sqlite3';
import type { AuditEntryView } from '../../contract/operations/account-operations';
import type { ActorView } from '../../contract/schemas';

export function createAuditLog(db: Database, now: () => Date) {
  const insertAudit = db.prepare(
    'INSERT INTO audit_log (at, account_id, actor, action, detail, origin) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const selectAudit = db.prepare<[number], AuditEntryView>(
    'SELECT id, at, actor, action, detail, origin FROM audit_log ORDER BY id DESC LIMIT ?',
  );
  return {
    audit(actor: ActorView | null, action: string, detail: string | null, origin: string | null) {
      insertAudit.run(
        now().toISOString(),
        actor?.id ?? null,
        actor ? `${actor.displayName} (${actor.username})` : 'nobody signed in',
        action,
        detail,
        origin,
      );
    },
    auditLog: (limit: number): AuditEntryView[] => selectAudit.all(limit),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
