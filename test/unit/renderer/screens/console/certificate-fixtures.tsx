// What the certificate page's tests share: the people a register lists as held (two of them held
// at a gate this morning), a recorded certificate, a fake kiosk client that keeps every call, and
// the page rendered with the real translations as the reader sees it.
import { renderToStaticMarkup } from 'react-dom/server';
import type { KioskClient } from '../../../../../contract/client';
import { ApiError } from '../../../../../contract/errors';
import type {
  AbsenceRegister,
  AwaitingCertificate,
  RecordedCertificate,
  ReturnCertificate,
} from '../../../../../contract/operations/absence-operations';
import { CertificatesView } from '../../../../../renderer/screens/console/CertificatesScreen';
import type { CertificatesState } from '../../../../../renderer/screens/console/certificate-list';

export const today = '2026-11-23';

export function awaiting(
  personId: number,
  name: string,
  className: string,
  more: Partial<AwaitingCertificate> = {},
): AwaitingCertificate {
  return {
    personId,
    name,
    kind: 'student',
    className,
    status: 'needs-certificate',
    reason: `因病缺勤，自 2026-11-1${personId}`,
    since: `2026-11-1${personId}`,
    absenceId: personId * 10,
    heldAt: null,
    heldGate: null,
    ...more,
  };
}

/** Four held: two of them held at a gate this morning (南门 at 07:55, 北门 at 07:40 Beijing). */
export const li = awaiting(1, '李娜', '三年级1班');
export const wang = awaiting(2, '王芳', '三年级2班', {
  heldAt: '2026-11-22T23:40:00.000Z',
  heldGate: '北门',
});
export const zhang = awaiting(3, '张伟', '五年级1班', {
  status: 'isolating',
  reason: '居家隔离',
  since: '2026-11-20T02:00:00.000Z',
  absenceId: null,
  heldAt: '2026-11-22T23:55:00.000Z',
  heldGate: '南门',
});
export const people: AwaitingCertificate[] = [li, wang, zhang, awaiting(4, '张敏', '三年级2班')];

export const certificate: ReturnCertificate = {
  id: 7,
  issuer: '市第一人民医院',
  issuedOn: '2026-11-22',
  recordedAt: '2026-11-23T00:10:00.000Z',
  recordedBy: '周医生',
  hasScan: true,
  cleared: 'needs-certificate',
};

/** 王芳's certificate as the day's list shows it: it ended her absence (number 20). */
export const recorded: RecordedCertificate = {
  ...certificate,
  person: { id: 2, name: '王芳', className: '三年级2班' },
  absenceId: 20,
};

export function register(
  awaitingCertificate: AwaitingCertificate[],
  certificates: RecordedCertificate[] = [],
) {
  return {
    picture: {
      date: today,
      byClass: [],
      absentIll: 0,
      absentOther: 0,
      followUpsDue: 0,
      returnsExpected: 0,
      heldAtGate: 0,
      returnsCleared: certificates.length,
    },
    open: [],
    ended: [],
    awaitingCertificate,
    certificates,
  } satisfies AbsenceRegister;
}

export interface Call {
  name: string;
  input: unknown;
}

/** A kiosk client that answers recordReturnCertificate with `answer` (or throws it) and keeps every call. */
export function fakeClient(answer: ReturnCertificate | ApiError = certificate): {
  client: KioskClient;
  calls: Call[];
} {
  const calls: Call[] = [];
  const client = {
    call: (name: string, input: unknown) => {
      calls.push({ name, input });
      if (answer instanceof ApiError) return Promise.reject(answer);
      return Promise.resolve({ certificate: answer, absence: null });
    },
    subscribe: () => () => undefined,
  } as unknown as KioskClient;
  return { client, calls };
}

export function text(markup: string): string {
  return markup
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The page as the reader sees it: the listed people in order, each row's words, and the page's words. */
export function page(
  list: AwaitingCertificate[],
  state: CertificatesState,
  certificates: RecordedCertificate[] = [],
  problem: string | null = null,
) {
  const markup = renderToStaticMarkup(
    <CertificatesView
      client={fakeClient().client}
      register={register(list, certificates)}
      problem={problem}
      state={state}
      dispatch={() => undefined}
      today={today}
      onRefresh={() => undefined}
    />,
  );
  const rows = [
    ...markup.matchAll(/<li[^>]*data-testid="certificates-person"[^>]*>(.*?)<\/li>/g),
  ].map((match) => ({
    id: Number(/data-person-id="(\d+)"/.exec(match[0])?.[1]),
    heldToday: match[0].includes('data-held-today="true"'),
    text: text(match[1] ?? ''),
  }));
  return { markup, rows, text: text(markup) };
}
