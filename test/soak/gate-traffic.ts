// People through the gate for the soak: a roster card scanned over HTTP, then a GY-906 stream
// on the serial pair (a steady run, then the empty lane), sometimes a fever and its retest; with
// the thermometer out, the guard types the reading in. Waits for the kiosk's own events, never
// for a fixed time, and keeps every check's outcome and every entry it was told was saved.
import type { CheckView, EntryView, ThermometerStatus, UploadStatus } from '../../contract/api';
import { openEventStream, type EventStream } from '../rigs/kiosk-process';
import { kioskApi, type KioskApi } from '../rigs/kiosk-api';
import { gy906Frame, type SocatPair } from '../rigs/socat-pair';

const finalDecisions = new Set(['pass', 'deny', 'refer']);
/** The lane behind the person: below the presence floor, it ends a measurement at once. */
const laneCelsius = 24;

export type CheckOutcome =
  | {
      kind: 'decided';
      /** The check that decided last; a fever's first check (its retest entry) is in checkIds. */
      checkId: string;
      checkIds: string[];
      decision: string;
      entryIds: number[];
      manual: boolean;
    }
  | { kind: 'failed'; checkId: string | null; reason: string };

export interface TrafficCounts {
  started: number;
  decided: number;
  failed: number;
  fevers: number;
  manual: number;
}

export interface GateTraffic {
  /** One person through the gate; `pair` null means the thermometer is out (typed reading). */
  check(index: number, pair: SocatPair | null): Promise<CheckOutcome>;
  counts(): TrafficCounts;
  outcomes(): CheckOutcome[];
  /** Every entry the kiosk said it saved, by id. */
  savedEntries(): Map<number, { checkId: string; decision: string }>;
  thermometer(): ThermometerStatus | null;
  upload(): UploadStatus | null;
  onThermometer(listener: (status: ThermometerStatus) => void): void;
  close(): Promise<void>;
}

interface Waiter {
  accept: (view: CheckView) => boolean;
  resolve: (view: CheckView) => void;
}

export async function startGateTraffic(
  url: string,
  options: { rosterSize: number; feverEvery: number; retestWaitMs: number },
): Promise<GateTraffic> {
  const api: KioskApi = kioskApi(url);
  const waiters = new Set<Waiter>();
  const saved = new Map<number, { checkId: string; decision: string }>();
  const thermometerListeners: ((status: ThermometerStatus) => void)[] = [];
  const outcomes: CheckOutcome[] = [];
  const counts: TrafficCounts = { started: 0, decided: 0, failed: 0, fevers: 0, manual: 0 };
  let thermometer: ThermometerStatus | null = null;
  let upload: UploadStatus | null = null;

  const stream: EventStream = await openEventStream(url, (event, data) => {
    if (event === 'check') {
      for (const waiter of [...waiters]) {
        if (!waiter.accept(data as CheckView)) continue;
        waiters.delete(waiter);
        waiter.resolve(data as CheckView);
      }
    } else if (event === 'entry-saved') {
      const entry = data as EntryView;
      saved.set(entry.id, { checkId: entry.checkId, decision: entry.decision });
    } else if (event === 'thermometer') {
      thermometer = data as ThermometerStatus;
      for (const listener of thermometerListeners) listener(thermometer);
    } else if (event === 'upload') {
      upload = data as UploadStatus;
    }
  });

  /** Registered before the frames are written, so the answer cannot slip past. */
  function waitForCheck(accept: (view: CheckView) => boolean, timeoutMs = 10_000) {
    let waiter: Waiter | null = null;
    const promise = new Promise<CheckView>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (waiter) waiters.delete(waiter);
        reject(new Error(`no decision within ${timeoutMs} ms`));
      }, timeoutMs);
      waiter = {
        accept,
        resolve: (view) => {
          clearTimeout(timer);
          resolve(view);
        },
      };
      waiters.add(waiter);
    });
    return promise;
  }

  /** A stable run at `celsius`, then the empty lane: the measurement ends then and there. */
  async function stream3(pair: SocatPair, checkId: string, celsius: number, final: boolean) {
    const decided = waitForCheck(
      (view) =>
        view.checkId === checkId &&
        view.entry !== null &&
        (final ? finalDecisions.has(view.entry.decision) : view.entry.decision === 'retest'),
    );
    for (const value of [celsius, celsius, celsius, laneCelsius]) {
      await pair.write(gy906Frame(value));
      await pause(20);
    }
    return decided;
  }

  async function typed(celsius: number): Promise<CheckView> {
    const view = await api.op<CheckView | null>('manualReading', {
      celsius,
      guardName: '巡检',
      instrument: 'handheld',
    });
    if (view?.entry == null) throw new Error('the typed reading did not decide the check');
    return view;
  }

  let current: string | null = null;

  async function run(index: number, pair: SocatPair | null): Promise<CheckOutcome> {
    current = null;
    const card = `S${3_000_001 + (index % options.rosterSize)}`;
    const fever = options.feverEvery > 0 && index % options.feverEvery === options.feverEvery - 1;
    // Half the fevers are confirmed on the retest (refer), half are normal then (pass).
    const confirmed = fever && Math.floor(index / options.feverEvery) % 2 === 0;
    const normal = 36.2 + (index % 8) / 10;
    const open = async (): Promise<CheckView> => {
      const started = await api.op<CheckView>('scan', { text: card, source: 'wedge' });
      current = started.checkId;
      if (started.entry !== null || started.person === null) {
        throw new Error(`scan of ${card} did not open a check`);
      }
      return started;
    };
    let checkId: string;
    try {
      const held = await api.op<CheckView>('scan', { text: card, source: 'wedge' });
      current = held.checkId;
      // A pupil referred earlier in the run is held at the scan until a return-to-school
      // certificate (docs/absences.md): decided there, and counted like any other decision.
      if (held.entry?.reasons.includes('status-needs-certificate')) {
        const { id, decision } = held.entry;
        return {
          kind: 'decided',
          checkId: current,
          checkIds: [current],
          decision,
          entryIds: [id],
          manual: pair === null,
        };
      }
      if (held.entry !== null || held.person === null) {
        throw new Error(`scan of ${card} did not open a check`);
      }
      checkId = held.checkId;
    } catch (error) {
      return { kind: 'failed', checkId: current ?? '', reason: (error as Error).message };
    }
    const checkIds = [checkId];
    const entryIds: number[] = [];
    const measure = async (celsius: number, final: boolean): Promise<CheckView> => {
      const view = pair ? await stream3(pair, checkId, celsius, final) : await typed(celsius);
      if (view.entry) entryIds.push(view.entry.id);
      return view;
    };
    if (fever) {
      counts.fevers += 1;
      await measure(38.2, false);
      await pause(options.retestWaitMs + 100);
      // The pupil comes back after the wait and shows the card again: the retest's own check.
      checkId = (await open()).checkId;
      checkIds.push(checkId);
    }
    const last = await measure(fever && confirmed ? 38.4 : normal, true);
    return {
      kind: 'decided',
      checkId,
      checkIds,
      decision: last.entry?.decision ?? 'none',
      entryIds,
      manual: pair === null,
    };
  }

  return {
    async check(index, pair) {
      counts.started += 1;
      if (pair === null) counts.manual += 1;
      let outcome: CheckOutcome;
      try {
        outcome = await run(index, pair);
      } catch (error) {
        outcome = { kind: 'failed', checkId: current, reason: (error as Error).message };
        // Whatever was half done is not the next person's check.
        await api.op('cancelCheck', {}).catch(() => undefined);
      }
      if (outcome.kind === 'decided') counts.decided += 1;
      else counts.failed += 1;
      outcomes.push(outcome);
      return outcome;
    },
    counts: () => ({ ...counts }),
    outcomes: () => outcomes,
    savedEntries: () => saved,
    thermometer: () => thermometer,
    upload: () => upload,
    onThermometer: (listener) => thermometerListeners.push(listener),
    async close() {
      stream.close();
      await stream.closed;
    },
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
