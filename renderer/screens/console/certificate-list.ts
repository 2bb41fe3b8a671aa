// The doctor's list of people held for want of a return certificate, as data: who comes first
// (someone a gate held today, the latest first: they may be standing at the gate now), the filter
// typed above the list, the certificates recorded today, and the page's state between answers.
import type {
  AbsenceRegister,
  AwaitingCertificate,
  RecordedCertificate,
} from '../../../contract/operations/absence-operations';
import { shanghaiDate } from '../../../contract/school-time';
import type { Note } from './certificate-draft';

/** Held at a gate today first, the latest hold first; then the longest held; then by name. */
export function awaitingInOrder(list: readonly AwaitingCertificate[]): AwaitingCertificate[] {
  return [...list].sort((a, b) => {
    if (a.heldAt !== null || b.heldAt !== null) {
      if (a.heldAt === null) return 1;
      if (b.heldAt === null) return -1;
      if (a.heldAt !== b.heldAt) return a.heldAt < b.heldAt ? 1 : -1;
    }
    if (a.since !== b.since) {
      if (a.since === null) return 1;
      if (b.since === null) return -1;
      return a.since < b.since ? -1 : 1;
    }
    return a.name.localeCompare(b.name, 'zh-CN');
  });
}

/** A date as written; a stored time as its Beijing date. */
export function sinceText(since: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(since)) return since;
  const instant = Date.parse(since);
  return Number.isNaN(instant) ? since : shanghaiDate(new Date(instant));
}

/** Every word typed is found in the name or the class ("三年级 张" finds 张伟 of 三年级2班). */
export function matchesQuery(person: AwaitingCertificate, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = `${person.name} ${person.className}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/**
 * The certificates recorded on the register's day, newest first — also one that cleared a hold
 * with no absence (an isolation set on the roster), which the day's ended absences would miss.
 */
export function recordedToday(register: AbsenceRegister): RecordedCertificate[] {
  return register.certificates;
}

export interface CertificatesState {
  query: string;
  /** The person whose form is open. */
  chosenId: number | null;
  /**
   * People recorded on this page: off the list at once, before the register is read again
   * (and should that read fail, or an older read arrive late, they do not come back as held).
   * Once a read no longer lists them, the register says it and the page forgets them.
   */
  cleared: number[];
  message: Note | null;
}

export type CertificatesAction =
  | { type: 'query'; text: string }
  | { type: 'choose'; personId: number }
  | { type: 'cancel' }
  | { type: 'recorded'; personId: number; name: string }
  /** The register was read again: the people it lists as held. */
  | { type: 'loaded'; held: number[] };

export const initialCertificatesState: CertificatesState = {
  query: '',
  chosenId: null,
  cleared: [],
  message: null,
};

export function certificatesReducer(
  state: CertificatesState,
  action: CertificatesAction,
): CertificatesState {
  switch (action.type) {
    case 'query':
      return { ...state, query: action.text };
    case 'choose':
      return { ...state, chosenId: action.personId, message: null };
    case 'cancel':
      return { ...state, chosenId: null };
    case 'recorded':
      return {
        ...state,
        chosenId: null,
        cleared: [...state.cleared, action.personId],
        message: { key: 'certificates.recorded', params: { name: action.name } },
      };
    case 'loaded': {
      const cleared = state.cleared.filter((personId) => action.held.includes(personId));
      return cleared.length === state.cleared.length ? state : { ...state, cleared };
    }
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/**
 * The list as shown: in order, without those just recorded, filtered by what was typed — but
 * the person whose form is open stays, so typing in the filter never throws away the form.
 */
export function visibleAwaiting(
  list: readonly AwaitingCertificate[],
  state: Pick<CertificatesState, 'query' | 'cleared' | 'chosenId'>,
): AwaitingCertificate[] {
  return awaitingInOrder(list).filter(
    (person) =>
      !state.cleared.includes(person.personId) &&
      (person.personId === state.chosenId || matchesQuery(person, state.query)),
  );
}
