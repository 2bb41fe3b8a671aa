// The contract's courier and walk-in operations over couriers.ts and walk-in-requests.ts.
// Who may call each is in the contract and dispatch() has checked it; the signed-in account is
// still needed here because the record names the guard or admin, so none runs without one.
import type { ActorView } from '../../contract/schemas';
import type { Caller, Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { Couriers } from './couriers';
import { renderPassPng } from './pass-image';
import type { WalkInRequests } from './walk-in-requests';

type GateVisitorOperation =
  | 'registerCourier'
  | 'courierDropOffs'
  | 'requestWalkIn'
  | 'gateWalkIns'
  | 'walkInPass'
  | 'walkInRequests'
  | 'findWalkInRequests'
  | 'approveWalkIn'
  | 'declineWalkIn';

function signedIn(caller: Caller): ActorView {
  if (!caller.actor) throw new ApiError('unauthorized', 'Sign in first.');
  return caller.actor;
}

export function gateVisitorHandlers(
  couriers: Couriers,
  walkIns: WalkInRequests,
): Pick<Handlers, GateVisitorOperation> {
  return {
    async registerCourier(input, caller) {
      return couriers.register(input, signedIn(caller));
    },
    async courierDropOffs({ date }) {
      return couriers.onDay(date);
    },
    async requestWalkIn(input, caller) {
      return walkIns.request(input, signedIn(caller));
    },
    async gateWalkIns() {
      return walkIns.ofThisGate();
    },
    async walkInPass({ id }) {
      const token = walkIns.passToken(id);
      return { png: (await renderPassPng(token)).toString('base64'), token };
    },
    async walkInRequests({ state, limit }) {
      return walkIns.list(limit, state);
    },
    async findWalkInRequests(query) {
      return walkIns.find(query);
    },
    async approveWalkIn({ id, validTo }, caller) {
      return walkIns.approve(id, signedIn(caller), validTo);
    },
    async declineWalkIn({ id, reason }, caller) {
      return walkIns.decline(id, reason, signedIn(caller));
    },
  };
}
