// A visitor's entry counted at the gate when the decision is a pass (gate-check's useVisit), or
// why the visitor is refused instead. At a gate of a school hub the count is the gate's copy of
// the school's, merged with the hub's whenever they meet; while the hub is away another gate may
// have used the same pass, so the policy chooses (passesWhileHubAway): admit by this gate's count
// and let the hub flag any use beyond the allowance, or admit no pass until the hub is back.
import type { Appointments } from '../visitors/appointments';
import type { Policy } from './policy';

export type PassRefusal = 'pass-used-up' | 'pass-hub-away';

export interface PassUseParts {
  appointments: Pick<Appointments, 'standing' | 'useEntry'>;
  policy: () => Policy;
  /** True at a gate of a school hub whose link is not online now; always false without a hub. */
  hubAway: () => boolean;
}

export function createPassUse(parts: PassUseParts): (appointmentId: string) => PassRefusal | null {
  return (appointmentId) => {
    // The policy first: asking the hub link how it stands reads the database.
    if (parts.policy().passesWhileHubAway === 'refuse' && parts.hubAway()) return 'pass-hub-away';
    // An appointment erased since the pass was read has nothing left to count.
    if (parts.appointments.standing(appointmentId) === null) return null;
    return parts.appointments.useEntry(appointmentId) ? null : 'pass-used-up';
  };
}
