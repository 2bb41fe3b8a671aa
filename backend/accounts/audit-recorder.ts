// What dispatch() writes to the audit log: every admin change at once, and what an admin looked
// at — but a page that refreshes itself (today's summary every 15 s) only once per ten minutes
// for the same admin, page and question, so the log stays readable. Never drops a change.
import type { Caller } from '../../contract/api';
import type { AuditRecorder } from '../../contract/dispatch';
import type { Accounts } from './accounts';

const viewRepeatMs = 10 * 60_000;

export function createAuditRecorder(accounts: Accounts, now: () => Date): AuditRecorder {
  const lastViews = new Map<string, number>();
  return (caller: Caller, action, detail, view) => {
    if (view) {
      const key = `${caller.actor?.id ?? '-'}|${caller.origin ?? ''}|${action}|${detail}`;
      const at = now().getTime();
      const last = lastViews.get(key);
      if (last !== undefined && at - last < viewRepeatMs) return;
      if (lastViews.size > 1000) lastViews.clear();
      lastViews.set(key, at);
    }
    accounts.audit(caller.actor, action, detail, caller.origin);
  };
}
