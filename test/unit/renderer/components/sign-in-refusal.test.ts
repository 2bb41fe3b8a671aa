// A refused sign-in in words: a lock-out and a too-busy address say the minutes really left
// (rounded up, never zero), a disabled account says so, a wrong secret (which a locked or
// unknown account answers alike) says what may be wrong and how long a lock lasts, the rest
// keep each form's own words.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../contract/errors';
import { minutesToWait, signInRefusal } from '../../../../renderer/components/sign-in-refusal';

describe('signInRefusal', () => {
  it.each([
    [new ApiError('locked', 'x', 900), 'admin', 'accounts.sign-in.locked', 15],
    [new ApiError('locked', 'x', 841), 'shift', 'accounts.sign-in.locked', 15],
    [new ApiError('locked', 'x', 840), 'shift', 'accounts.sign-in.locked', 14],
    [new ApiError('rate-limited', 'x', 59), 'admin', 'accounts.sign-in.rate-limited', 1],
    [new ApiError('rate-limited', 'x', 890), 'shift', 'accounts.sign-in.rate-limited', 15],
  ] as const)('%o in the %s form is %s in %i minutes', (error, scope, key, minutes) => {
    expect(signInRefusal(error, scope)).toEqual({ key, values: { minutes } });
  });

  it.each([
    [new ApiError('locked', 'no time given'), 'shift', 'shift.error.locked'],
    [new ApiError('unauthorized', 'x'), 'admin', 'signin-security.refused.admin'],
    [new ApiError('unauthorized', 'x'), 'shift', 'signin-security.refused.shift'],
    [new ApiError('disabled', 'x'), 'shift', 'accounts.sign-in.disabled'],
    [new ApiError('unavailable', 'x'), 'admin', 'error.unavailable'],
    [new Error('boom'), 'admin', 'error.internal'],
    ['not an error', 'shift', 'error.internal'],
  ] as const)('%o in the %s form is %s', (error, scope, key) => {
    expect(signInRefusal(error, scope)).toEqual({ key });
  });

  it('never says zero minutes', () => {
    expect(minutesToWait(0)).toBe(1);
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(61)).toBe(2);
  });
});
