// What the gate screen shows, as a pure reducer over what the backend tells it: the pending
// check, the decision on display, the thermometer, the recent entries. No timers or I/O here
// (the caller passes the time), so each rule is a table-driven test.
import type {
  CheckView,
  HubLinkStatus,
  EntryView,
  ReasonCode,
  Reading,
  RelayStatus,
  RetestResolution,
  ScannerSettings,
  Status,
  ThermometerStatus,
  UploadStatus,
} from '../../contract/api';

export const recentLimit = 20;
export const resultDisplayMs = 3000;

export interface GateState {
  loaded: boolean;
  gateName: string | null;
  thermometer: ThermometerStatus | null;
  /** The turnstile relay, null when none is configured. */
  relay: RelayStatus | null;
  /** Records waiting for the district, the last success and error, today's report. */
  upload: UploadStatus | null;
  /** A gate of a school hub: its link, and how old its copy of the roster is; else null. */
  hub: HubLinkStatus | null;
  policy: Status['policy'] | null;
  /** How the screen reads codes (engine, camera, repeat window); null until status loads. */
  scanner: ScannerSettings | null;
  /** The check still gathering evidence, and when this view of it arrived (for countdowns). */
  pending: CheckView | null;
  pendingAt: number;
  /** The decision on screen; it stays ~3 s unless a new person's check arrives. */
  result: EntryView | null;
  /** When the person just told to wait aside may scan again for their retest (ms, local). */
  retestDueAt: number | null;
  /** The last decision shown, kept after it leaves the screen so late copies do not replay it. */
  lastResult: EntryView | null;
  recent: EntryView[];
  lastReading: { celsius: number; at: string } | null;
}

export type GateAction =
  /** includeCheck: the first load takes the pending check; later refreshes only the devices. */
  | { type: 'status-loaded'; status: Status; at: number; includeCheck: boolean }
  | { type: 'recent-loaded'; entries: EntryView[] }
  | { type: 'check'; check: CheckView; at: number }
  | { type: 'scan-answered'; check: CheckView; at: number }
  | { type: 'entry-saved'; entry: EntryView }
  | { type: 'thermometer'; thermometer: ThermometerStatus }
  | { type: 'relay'; relay: RelayStatus }
  | { type: 'upload'; upload: UploadStatus }
  | { type: 'hub'; hub: HubLinkStatus }
  | { type: 'policy'; policy: Status['policy'] }
  | { type: 'reading'; reading: Reading }
  | { type: 'result-expired'; entryId: number }
  | { type: 'check-cancelled' };

export const initialGateState: GateState = {
  loaded: false,
  gateName: null,
  thermometer: null,
  relay: null,
  upload: null,
  hub: null,
  policy: null,
  scanner: null,
  pending: null,
  pendingAt: 0,
  result: null,
  retestDueAt: null,
  lastResult: null,
  recent: [],
  lastReading: null,
};

export function gateReducer(state: GateState, action: GateAction): GateState {
  switch (action.type) {
    case 'status-loaded': {
      const { status } = action;
      const devices: GateState = {
        ...state,
        loaded: true,
        gateName: status.gate.name,
        thermometer: status.thermometer,
        relay: status.relay,
        upload: status.upload,
        hub: status.hub ?? null,
        policy: status.policy,
        scanner: status.scanner,
        lastReading: newer(state.lastReading, status.thermometer.lastReading),
      };
      const check = status.check;
      const takeCheck = action.includeCheck && check && check.missing.length > 0;
      // Events that arrived while status loaded are newer than this answer's check.
      if (!takeCheck || state.pending || state.result) return devices;
      return { ...devices, pending: check, pendingAt: action.at };
    }
    case 'recent-loaded':
      return { ...state, recent: mergeRecent(state.recent, action.entries) };
    case 'check':
      return applyCheck(state, action.check, action.at);
    case 'scan-answered':
      // The answer to our own scan can arrive after newer events about the same check; it
      // only counts when the events have not told us about this check yet.
      return isKnown(state, action.check.checkId)
        ? state
        : applyCheck(state, action.check, action.at);
    case 'entry-saved':
      return applyEntry(state, action.entry);
    case 'thermometer':
      return {
        ...state,
        thermometer: action.thermometer,
        lastReading: newer(state.lastReading, action.thermometer.lastReading),
      };
    case 'relay':
      return { ...state, relay: action.relay };
    case 'upload':
      return { ...state, upload: action.upload };
    case 'hub':
      return { ...state, hub: action.hub };
    case 'policy':
      return { ...state, policy: action.policy };
    case 'reading':
      return { ...state, lastReading: newer(state.lastReading, action.reading) };
    case 'result-expired':
      return state.result?.id === action.entryId ? { ...state, result: null } : state;
    case 'check-cancelled':
      return { ...state, pending: null };
    default:
      return assertNever(action);
  }
}

function applyCheck(state: GateState, check: CheckView, at: number): GateState {
  const pending = check.missing.length > 0 ? check : null;
  const entry = check.entry;
  // A retest decided: the person is told how long to wait aside (the backend's count).
  const retestDueAt =
    entry?.decision === 'retest' && check.retestWaitSeconds !== null
      ? at + check.retestWaitSeconds * 1000
      : state.retestDueAt;
  if (entry && state.lastResult?.id !== entry.id) {
    return { ...state, pending, pendingAt: at, result: entry, lastResult: entry, retestDueAt };
  }
  if (entry) return { ...state, retestDueAt };
  if (isStaleAfterDecision(state, check)) return state;
  // The same check going on leaves its result up for the rest of the ~3 s; another check means
  // another person is at the gate, so theirs shows at once.
  const sameCheck = state.result?.checkId === check.checkId;
  return { ...state, pending, pendingAt: at, result: sameCheck ? state.result : null };
}

function applyEntry(state: GateState, entry: EntryView): GateState {
  const recent = mergeRecent([entry], state.recent);
  // A late entry for an earlier check must not hide the next person's prompt.
  if (state.pending && state.pending.checkId !== entry.checkId) return { ...state, recent };
  if (state.lastResult?.id === entry.id) return { ...state, recent };
  // A visitor's exit, or a retest the guard ended, is no decision for the person at the screen.
  if (entry.direction === 'out' || isGuardResolution(entry)) return { ...state, recent };
  // Every decision ends the lane's check; a retest goes on as the person's, at the guard's side.
  return { ...state, recent, result: entry, lastResult: entry, pending: null };
}

/** Each reason of an entry that ends a retest by the guard's word, and the guard's choice. */
const resolutionReasons: Partial<Record<ReasonCode, RetestResolution>> = {
  'retest-sent-to-observation': 'observation',
  'retest-went-home': 'went-home',
  'retest-left': 'left',
};

/** How the guard ended a retest with this entry (went home, left, observation), or null. */
export function guardResolutionOf(entry: EntryView): RetestResolution | null {
  for (const reason of entry.reasons) {
    const resolution = resolutionReasons[reason];
    if (resolution) return resolution;
  }
  return null;
}

/** An entry that ends a retest by the guard's word (went home, left, observation point). */
export function isGuardResolution(entry: EntryView): boolean {
  return guardResolutionOf(entry) !== null;
}

function isKnown(state: GateState, checkId: string): boolean {
  return state.pending?.checkId === checkId || state.lastResult?.checkId === checkId;
}

/** A view of a check that was already decided, arriving without its decision. */
function isStaleAfterDecision(state: GateState, check: CheckView): boolean {
  return check.entry === null && state.lastResult?.checkId === check.checkId;
}

/** Newest first, one row per entry id, at most recentLimit rows. */
export function mergeRecent(first: EntryView[], second: EntryView[]): EntryView[] {
  const seen = new Set<number>();
  const merged: EntryView[] = [];
  for (const entry of [...first, ...second]) {
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    merged.push(entry);
  }
  return merged.slice(0, recentLimit);
}

function newer(
  current: GateState['lastReading'],
  candidate: { celsius: number; at: string } | null,
): GateState['lastReading'] {
  if (!candidate) return current;
  if (!current || Date.parse(candidate.at) >= Date.parse(current.at)) {
    return { celsius: candidate.celsius, at: candidate.at };
  }
  return current;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled gate action: ${JSON.stringify(value)}`);
}
