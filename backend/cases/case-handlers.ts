// The contract's fever-case operations: list, add a follow-up event (guard or admin), close
// (admin only — dispatch() checks the role, and so does this, since a case closed is final).
import type { Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { FeverCases } from './fever-cases';

type CaseOperation = 'feverCases' | 'addFeverCaseEvent' | 'closeFeverCase';

export function caseHandlers(cases: FeverCases): Pick<Handlers, CaseOperation> {
  return {
    async feverCases({ closedLimit }) {
      return cases.list(closedLimit);
    },
    async addFeverCaseEvent(event, caller) {
      if (!caller.actor) throw new ApiError('unauthorized', 'Sign in first.');
      return cases.addEvent(event, caller.actor);
    },
    async closeFeverCase({ caseId, outcome, note }, caller) {
      if (caller.actor?.role !== 'admin') {
        throw new ApiError('forbidden', 'Only an admin may close a fever case.');
      }
      return cases.close(caseId, outcome, note, caller.actor);
    },
  };
}
