// The contract's appointment operations: create, approve (which issues the signed pass),
// revoke, list, find by document or phone number, and the pass as a PNG. Admin only, as the
// contract says; every answer shows the visitor's numbers masked (or erased, once purged).
import type { Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { Appointments } from './appointments';
import { renderPassPng } from './pass-image';

type VisitorOperation =
  | 'createAppointment'
  | 'approveAppointment'
  | 'revokeAppointment'
  | 'listAppointments'
  | 'findAppointments'
  | 'passImage';

export function visitorHandlers(
  appointments: Appointments,
  schoolName: string | null = null,
): Pick<Handlers, VisitorOperation> {
  return {
    async createAppointment(input, caller) {
      return appointments.create(input, caller.actor);
    },
    async approveAppointment({ id }, caller) {
      if (!caller.actor) throw new ApiError('unauthorized', 'Sign in first.');
      return appointments.approve(id, caller.actor);
    },
    async revokeAppointment({ id, reason }, caller) {
      if (!caller.actor) throw new ApiError('unauthorized', 'Sign in first.');
      return appointments.revoke(id, reason, caller.actor);
    },
    async listAppointments({ limit }) {
      return appointments.list(limit);
    },
    async findAppointments(query) {
      return appointments.find(query);
    },
    async passImage({ id }) {
      const appointment = appointments.get(id);
      if (appointment?.purged) {
        throw new ApiError(
          'bad-input',
          `Appointment ${id} was erased after the retention period: its pass is gone.`,
        );
      }
      const token = appointment?.passToken;
      if (!token) throw new ApiError('bad-input', `Appointment ${id} has no pass (not approved)`);
      return {
        png: (await renderPassPng(token)).toString('base64'),
        token,
        school: schoolName,
      };
    },
  };
}
