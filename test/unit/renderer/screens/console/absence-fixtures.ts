// Absences and a do-nothing kiosk client for the absence register's screen tests: the forms are
// rendered to markup, so the client is never called; a call would mean the page asked on render.
import type { KioskClient } from '../../../../../contract/client';
import type { Absence } from '../../../../../contract/operations/absence-operations';

export const quietClient: KioskClient = {
  call: () => Promise.reject(new Error('no call is expected while rendering')),
  subscribe: () => () => undefined,
};

/** 李思雨 of 一年级1班, ill since 2026-11-20, open, no follow-up yet. */
export function absence(overrides: Partial<Absence> = {}): Absence {
  return {
    id: 7,
    person: { id: 31, name: '李思雨', kind: 'student', className: '一年级1班' },
    className: '一年级1班',
    cause: 'illness',
    symptoms: '发热、咳嗽',
    celsius: null,
    feverCaseId: null,
    gateId: null,
    gateName: null,
    since: '2026-11-20',
    expectedReturn: '2026-11-25',
    source: 'register',
    openedAt: '2026-11-20T00:40:00.000Z',
    openedBy: '王老师',
    note: null,
    followUps: [],
    followUpDue: false,
    held: false,
    ended: null,
    certificate: null,
    ...overrides,
  };
}
