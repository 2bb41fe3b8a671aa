// The accounts page's rules: each field's problem at that field, an over-long username or name
// refused with its length (never cut), usernames taken whatever their case, and the warning
// while only one admin can sign in.
import { describe, expect, it } from 'vitest';
import {
  draftProblems,
  onlyOneAdmin,
  type AccountView,
} from '../../../../../renderer/screens/console/account-draft';

const guard = { username: 'zhao', displayName: '赵保安', role: 'guard' as const, secret: '1357' };

describe('draftProblems', () => {
  it('names the length of an over-long username and name instead of cutting them', () => {
    expect(
      draftProblems({ ...guard, username: 'a'.repeat(33), displayName: '赵'.repeat(40) }, []),
    ).toEqual({
      username: { key: 'accounts.username-too-long', values: { length: 33 } },
      displayName: { key: 'accounts.name-too-long', values: { length: 40 } },
    });
    expect(
      draftProblems({ ...guard, username: 'a'.repeat(32), displayName: '赵'.repeat(32) }, []),
    ).toEqual({});
  });

  it('puts each problem at its field, all at once', () => {
    expect(
      draftProblems({ ...guard, username: 'ZHAO', displayName: ' ', secret: '12' }, ['zhao']),
    ).toEqual({
      username: { key: 'console.accounts.username-taken' },
      displayName: { key: 'console.accounts.name-required' },
      secret: { key: 'signin-security.secret.pin-format' },
    });
  });

  it('holds a school doctor or class teacher (role health) to the admin’s password rules', () => {
    const doctor = { ...guard, username: 'zhou', displayName: '周校医', role: 'health' as const };
    expect(draftProblems({ ...doctor, secret: '2468' }, [])).toEqual({
      secret: { key: 'signin-security.secret.password-short' },
    });
    expect(draftProblems({ ...doctor, secret: 'qwertyuiop' }, [])).toEqual({
      secret: { key: 'signin-security.secret.password-common' },
    });
    expect(draftProblems({ ...doctor, secret: 'xiaoyi-2026!' }, [])).toEqual({});
  });
});

describe('onlyOneAdmin', () => {
  const account = (id: number, role: AccountView['role'], disabled = false): AccountView => ({
    id,
    username: `u${id}`,
    displayName: `U${id}`,
    role,
    disabled,
  });

  it('is true while one admin can sign in, a disabled second admin not counted', () => {
    expect(onlyOneAdmin([account(1, 'admin'), account(2, 'guard')])).toBe(true);
    expect(onlyOneAdmin([account(1, 'admin'), account(2, 'admin', true)])).toBe(true);
    expect(onlyOneAdmin([account(1, 'admin'), account(2, 'admin')])).toBe(false);
    // A health account cannot manage accounts: it is no second admin.
    expect(onlyOneAdmin([account(1, 'admin'), account(2, 'health')])).toBe(true);
  });
});
