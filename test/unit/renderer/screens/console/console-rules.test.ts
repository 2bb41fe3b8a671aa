// The console's own checks before it calls the kiosk: an account draft is refused with the
// translation key of what is wrong (the kiosk's own secret rules, a free username), the audit
// page shortens a file's base64 bytes so the rest of the detail stays readable, and the
// appointments search asks for a phone or a document number by what was typed.
import { describe, expect, it } from 'vitest';
import { draftProblem } from '../../../../../renderer/screens/console/AccountsScreen';
import { visitorNumberQuery } from '../../../../../renderer/screens/console/AppointmentSearch';
import { shortDetail } from '../../../../../renderer/screens/console/AuditScreen';
import { beijingTime, beijingToday } from '../../../../../renderer/screens/console/console-files';

const guard = { username: 'zhao', displayName: '赵保安', role: 'guard' as const, secret: '1357' };

describe('draftProblem', () => {
  it.each([
    [{ secret: '123' }, 'signin-security.secret.pin-format'],
    [{ secret: '123456789' }, 'signin-security.secret.pin-format'],
    [{ secret: '12a4' }, 'signin-security.secret.pin-format'],
    [{ secret: '1234' }, 'signin-security.secret.pin-pattern'],
    [{ secret: '0000' }, 'signin-security.secret.pin-pattern'],
    [{ role: 'admin' as const, secret: 'short' }, 'signin-security.secret.password-short'],
    [{ role: 'admin' as const, secret: '8-letters' }, 'signin-security.secret.password-short'],
    [{ role: 'admin' as const, secret: 'QWERTYUIOP' }, 'signin-security.secret.password-common'],
    [{ username: 'a b' }, 'console.accounts.username-invalid'],
    [{ username: 'guard' }, 'console.accounts.username-taken'],
    [{ displayName: '  ' }, 'console.accounts.name-required'],
  ])('refuses %o with %s', (change, key) => {
    expect(draftProblem({ ...guard, ...change }, ['guard', 'admin'])).toBe(key);
  });

  it('accepts a guard with a PIN and an admin with a long password', () => {
    expect(draftProblem(guard, ['guard'])).toBeNull();
    expect(draftProblem({ ...guard, role: 'admin', secret: 'correct horse' }, [])).toBeNull();
  });
});

describe('the audit detail and times', () => {
  it('cuts a file in base64 short and keeps the rest', () => {
    const detail = `{"fileName":"名单.xlsx","fileBase64":"${'QUJD'.repeat(400)}`;
    const shown = shortDetail(detail);
    expect(shown).toContain('"fileName":"名单.xlsx"');
    expect(shown.length).toBeLessThan(80);
    expect(shortDetail('{"fullIdNumbers":true}')).toBe('{"fullIdNumbers":true}');
  });

  it('shows times and today on the Beijing clock', () => {
    expect(beijingTime('2026-11-23T16:30:05.000Z')).toBe('2026-11-24 00:30:05');
    expect(beijingToday(new Date('2026-11-23T15:59:59.000Z'))).toBe('2026-11-23');
    expect(beijingToday(new Date('2026-11-23T16:00:00.000Z'))).toBe('2026-11-24');
  });
});

describe('the appointments search', () => {
  it.each([
    ['138 0013 8000', { phone: '138 0013 8000' }],
    ['010-62751234', { phone: '010-62751234' }],
    ['１３８００１３８０００', { phone: '１３８００１３８０００' }],
    [' 11010519491231002x ', { documentNumber: '11010519491231002x' }],
    ['H12345678', { documentNumber: 'H12345678' }],
    // Nine digits: a passport number, never a phone (those have 10 to 12).
    ['123456789', { documentNumber: '123456789' }],
  ])('asks for %s as %o', (typed, query) => {
    expect(visitorNumberQuery(typed)).toEqual(query);
  });

  it('asks for nothing when the field is empty', () => {
    expect(visitorNumberQuery('  ')).toBeNull();
  });
});
