// A person kept out by their roster status (isolating, or waiting for a return-to-school
// certificate) is held, not refused: the log keeps the decision 'deny' and its reason code, but
// the queue sees a calm "please wait here", a gentle sound and no health detail, and the guard
// sees why and what to do. This module decides which face an entry gets; it holds no words.
import type { Decision, EntryView, ReasonCode } from '../../contract/api';

/** The roster statuses that hold a person at the gate until the school doctor clears them. */
export type HoldStatus = 'needs-certificate' | 'isolating';

/** What the screens show for an entry: its decision, or the hold. */
export type Face = Decision | 'hold';

const holdReasons: Partial<Record<ReasonCode, HoldStatus>> = {
  'status-needs-certificate': 'needs-certificate',
  'status-isolating': 'isolating',
};

/** The status holding this person, or null when the entry is not a hold. */
export function holdOf(entry: Pick<EntryView, 'decision' | 'reasons'>): HoldStatus | null {
  // Only a refusal can be a hold; any other decision says what it says.
  if (entry.decision !== 'deny') return null;
  for (const reason of entry.reasons) {
    const status = holdReasons[reason];
    if (status) return status;
  }
  return null;
}

export function faceOf(entry: Pick<EntryView, 'decision' | 'reasons'>): Face {
  return holdOf(entry) === null ? entry.decision : 'hold';
}

export function isHoldStatus(status: string): status is HoldStatus {
  return status === 'needs-certificate' || status === 'isolating';
}
