// The soak's timeline, worked out before it starts: when the thermometer is pulled out and put
// back, and when the district fails and how. Pure (offsets in ms from the start of the checks),
// so a 30-second CI run and a four-hour run follow the same rules at different scales.
import type { Fault } from '../district/receiver';

export interface SoakOptions {
  minutes: number;
  /** One check started every this often (the next waits if a check takes longer). */
  intervalMs: number;
  /** Kept afterwards when given; a temporary folder (removed) otherwise. */
  dataDir: string | null;
  reportFile: string | null;
  sampleEveryMs: number;
  /** The thermometer is unplugged once per this period, for `unpluggedMs`. */
  unplugEveryMs: number;
  unpluggedMs: number;
  /** The district fails once per this period, for `districtDownMs`. */
  districtCycleMs: number;
  districtDownMs: number;
  /** Students in the imported roster (cards S3000001…). */
  rosterSize: number;
  /** Every this-many-th check is a fever and its retest. */
  feverEvery: number;
  /** Printed as it goes (samples, unplugs, phases); silent when null. */
  log: ((line: string) => void) | null;
}

/** Scaled to the run: the long soak's rhythm, and for short runs one of each fault. */
export function defaultOptions(minutes: number): SoakOptions {
  const short = minutes < 5;
  const durationMs = minutes * 60_000;
  return {
    minutes,
    intervalMs: 500,
    dataDir: null,
    reportFile: null,
    sampleEveryMs: short ? 2_000 : 10_000,
    unplugEveryMs: short ? durationMs : 180_000,
    unpluggedMs: short ? Math.min(5_000, durationMs / 6) : 10_000,
    districtCycleMs: short ? durationMs : 240_000,
    districtDownMs: short ? durationMs / 3 : 60_000,
    rosterSize: 400,
    feverEvery: 20,
    log: null,
  };
}

export interface UnplugWindow {
  unplugAtMs: number;
  replugAtMs: number;
}

export interface DistrictPhase {
  kind: 'status-500' | 'hang' | 'reset';
  startMs: number;
  endMs: number;
}

export interface SoakPlan {
  durationMs: number;
  unplugs: UnplugWindow[];
  districtPhases: DistrictPhase[];
}

const phaseKinds: DistrictPhase['kind'][] = ['status-500', 'hang', 'reset'];

/**
 * Unplugs in the middle of each `unplugEveryMs`; district failures from a quarter into each
 * `districtCycleMs`. Only what ends with time to spare before the checks stop is planned, so
 * every unplug is followed by a reconnect and every failure by a recovery under traffic.
 */
export function planSoak(options: SoakOptions): SoakPlan {
  const durationMs = Math.round(options.minutes * 60_000);
  const spare = Math.min(5_000, durationMs / 6);
  const unplugs: UnplugWindow[] = [];
  for (let k = 0; ; k += 1) {
    const unplugAtMs = options.unplugEveryMs * (k + 0.5);
    const replugAtMs = unplugAtMs + options.unpluggedMs;
    if (replugAtMs > durationMs - spare) break;
    unplugs.push({ unplugAtMs, replugAtMs });
  }
  const districtPhases: DistrictPhase[] = [];
  for (let k = 0; ; k += 1) {
    const startMs = options.districtCycleMs * (k + 0.25);
    const endMs = startMs + options.districtDownMs;
    if (endMs > durationMs - spare) break;
    districtPhases.push({
      kind: phaseKinds[k % phaseKinds.length] ?? 'status-500',
      startMs,
      endMs,
    });
  }
  return { durationMs, unplugs, districtPhases };
}

/** The receiver's fault for a phase; it lasts until cleared, whatever the kiosk sends. */
export function faultOf(kind: DistrictPhase['kind']): Fault {
  switch (kind) {
    case 'status-500':
      return { kind: 'status', status: 500 };
    case 'hang':
      return { kind: 'hang' };
    case 'reset':
      return { kind: 'reset' };
    default:
      return unreachable(kind);
  }
}

function unreachable(value: never): never {
  throw new Error(`unexpected ${String(value)}`);
}
