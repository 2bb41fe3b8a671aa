// What the audit log keeps of an admin's input (dispatch.ts): the operation's allowed fields,
// and of those never a value that may hold an ID, document or phone number. The property test
// over every operation is test/integration/fuzz/audit-numbers.test.ts; these are the cases by name.
import { describe, expect, it } from 'vitest';
import { auditDetail, mayHoldNumber } from '../../../contract/dispatch';

const detail = (...args: Parameters<typeof auditDetail>) => JSON.parse(auditDetail(...args));

describe('the audit detail', () => {
  it('leaves a search query out whatever it holds', () => {
    expect(detail('listPeople', { query: '11010519491231002X', limit: 50, offset: 0 })).toEqual({
      limit: 50,
      offset: 0,
    });
    expect(detail('listPeople', { query: '王小明', limit: 50, offset: 0 })).toEqual({
      limit: 50,
      offset: 0,
    });
  });

  it('says which kind of number was searched for, never the number', () => {
    expect(detail('findAppointments', { phone: '13800138000' })).toEqual({
      phone: '(not recorded)',
    });
    expect(detail('findWalkInRequests', { documentNumber: 'E12345678' })).toEqual({
      documentNumber: '(not recorded)',
    });
  });

  it('keeps of an appointment its type and times, and the visitor as an initial', () => {
    const input = {
      visitorName: '张伟',
      documentType: 'passport',
      documentNumber: 'E12345678',
      phone: '13800138000',
      host: '王老师 13900139000',
      reason: '家长会',
      area: '教学楼A座',
      vehiclePlate: '京A12345',
      validFrom: '2026-11-23T08:00:00+08:00',
      validTo: '2026-11-23T17:00:00+08:00',
      entriesAllowed: 2,
    };
    expect(detail('createAppointment', input)).toEqual({
      visitorName: '张*',
      documentType: 'passport',
      documentNumber: '(not recorded)',
      phone: '(not recorded)',
      validFrom: '2026-11-23T08:00:00+08:00',
      validTo: '2026-11-23T17:00:00+08:00',
      entriesAllowed: 2,
    });
  });

  it('leaves out reasons, notes and the policy body (each kept in its own table)', () => {
    expect(
      detail('setPersonStatus', { personId: 7, status: 'isolating', reason: '电话 13800138000' }),
    ).toEqual({
      personId: 7,
      status: 'isolating',
    });
    expect(detail('closeFeverCase', { caseId: 3, outcome: 'other', note: '送医' })).toEqual({
      caseId: 3,
      outcome: 'other',
    });
    expect(
      detail('savePolicy', { policy: { feverThresholdCelsius: 37.3 }, effectiveFrom: null }),
    ).toEqual({ effectiveFrom: null });
  });

  it('keeps what the audit page reads: names of staff, a file name, the export’s choices', () => {
    expect(
      detail('createAccount', {
        username: 'li',
        displayName: '李老师',
        role: 'guard',
        secret: '1234',
      }),
    ).toEqual({ username: 'li', displayName: '李老师', role: 'guard', secret: '(not recorded)' });
    expect(
      detail('importRoster', {
        fileName: '三年级.xlsx',
        fileBase64: 'UEsDB',
        markMissingAsLeft: true,
      }),
    ).toEqual({ fileName: '三年级.xlsx', fileBase64: '(not recorded)', markMissingAsLeft: true });
    expect(detail('exportDay', { date: '2026-11-23', format: 'csv', fullIdNumbers: true })).toEqual(
      { date: '2026-11-23', format: 'csv', fullIdNumbers: true },
    );
  });

  it('replaces a kept value that holds a number: a username, an id, a big number', () => {
    expect(detail('disableAccount', { username: '13800138000' })).toEqual({
      username: '(not recorded)',
    });
    expect(detail('approveAppointment', { id: '11010519491231002x' })).toEqual({
      id: '(not recorded)',
    });
    expect(detail('setPersonStatus', { personId: 13800138000, status: 'active' })).toEqual({
      personId: '(not recorded)',
      status: 'active',
    });
    expect(detail('importRoster', { fileName: '名单 138-0013-8000.csv' })).toEqual({
      fileName: '(not recorded)',
    });
  });

  it('records none of the input of an operation it does not name', () => {
    expect(detail('listAccounts', { anything: '13800138000' })).toEqual({});
  });
});

describe('mayHoldNumber', () => {
  it.each([
    '11010519491231002X',
    '11010519491231002x',
    '110105 19491231 002X',
    '１１０１０５１９４９１２３１００２Ｘ',
    '13800138000',
    '138-0013-8000',
    '138 0013 8000',
    '家长电话：13800138000，请回电',
    '010-12345678',
    'E12345678',
    'EA1234567',
    'G12345678',
    'H12345678',
    '1234567',
    // A shape that is otherwise let through, holding a real number.
    '13800138-0000-4000-8000-000000000000',
  ])('%s: yes', (text) => {
    expect(mayHoldNumber(text)).toBe(true);
  });

  it.each([
    '2026-11-23',
    '2026-11-23T08:00:00.000Z',
    '2026-11-24T08:00:00+08:00',
    'A20261123-0a1b2c3d4e5f',
    'A20261123-123456789012',
    '3f2b8c4e-9d1a-4b6c-8e7f-0a1b2c3d4e5f',
    'li',
    '李老师',
    '三年级2班名单.xlsx',
    'https://192.168.1.10:8400/upload',
    '123456',
  ])('%s: no', (text) => {
    expect(mayHoldNumber(text)).toBe(false);
  });
});
