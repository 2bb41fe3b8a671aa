// The contract's absence operations but the sheet import (absence-import.ts): the register of a
// day, opening an absence, its follow-ups and expected return, ending it, and the return-to-school
// certificate with its scan. dispatch() checks the role (health or admin) and audits each.
import type { Caller, Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { AbsenceRegisterService } from './absence-register';

type AbsenceOperation =
  | 'absenceRegister'
  | 'openAbsence'
  | 'addAbsenceFollowUp'
  | 'setExpectedReturn'
  | 'endAbsence'
  | 'recordReturnCertificate'
  | 'returnCertificateScan';

/** Who acts: every change names them. */
function actorOf(caller: Caller) {
  if (caller.actor === null) throw new ApiError('unauthorized', 'Sign in first.');
  return caller.actor;
}

export function absenceHandlers(
  register: AbsenceRegisterService,
): Pick<Handlers, AbsenceOperation> {
  return {
    async absenceRegister({ date }) {
      return register.register(date);
    },
    async openAbsence(absence, caller) {
      return register.open(absence, actorOf(caller));
    },
    async addAbsenceFollowUp(followUp, caller) {
      return register.addFollowUp(followUp, actorOf(caller));
    },
    async setExpectedReturn({ absenceId, expectedReturn }, caller) {
      actorOf(caller);
      return register.setExpectedReturn(absenceId, expectedReturn);
    },
    async endAbsence({ absenceId, how, note }, caller) {
      return register.end(absenceId, how, note, actorOf(caller));
    },
    async recordReturnCertificate(certificate, caller) {
      return register.recordCertificate(certificate, actorOf(caller));
    },
    async returnCertificateScan({ certificateId }) {
      return register.certificateScan(certificateId);
    },
  };
}
