// The contract's gate-flow operations: the person's answers at the touch screen, and the
// guard's confirmation of a health code's colour. The guard's name in the entry comes from the
// signed-in account, never from the request.
import type { Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { GateCheck } from './gate-check';

export function gateFlowHandlers(
  gateCheck: Pick<GateCheck, 'answer' | 'confirmHealthCode'>,
): Pick<Handlers, 'answerQuestions' | 'confirmHealthCode'> {
  return {
    async answerQuestions({ checkId, answers }) {
      return gateCheck.answer(checkId, answers);
    },
    async confirmHealthCode({ checkId, colour }, caller) {
      if (!caller.actor) throw new ApiError('unauthorized', 'Sign in as a guard first.');
      return gateCheck.confirmHealthCode(checkId, colour, caller.actor.displayName);
    },
  };
}
