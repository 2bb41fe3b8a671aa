// Which reading is the temperature of the person in front. A streaming sensor sends several
// readings a second whether anyone is there or not: the wall behind the lane, a forehead
// coming closer, the person, the next person's hand. A reading counts only as part of a
// stable run (the last few readings agree), and the measurement is the highest stable reading
// of a short window from the first stable run: a forehead still coming closer reads low and
// can look steady for a moment, and a fever read low is the one mistake the gate must not
// make. A triggered device or a guard's typed reading is one finished measurement by itself.
// Pure: the caller gives the time; a table test covers every rule.
import { isPlausible, type Policy } from './policy';

export interface TemperatureEvidence {
  /** Calibrated temperature, °C: what the device sent plus the device's offset. */
  celsius: number;
  at: Date;
  /** The driver ('gy906', 'heimann', 'ascii', 'simulated') or 'manual'. */
  source: string;
  /**
   * One finished measurement by itself (a triggered device, the simulator's button, a guard's
   * typed reading), not one sample of a stream.
   */
  settled: boolean;
  /** What the device sent before calibration, and the offset added; null when typed in. */
  rawCelsius: number | null;
  offsetCelsius: number | null;
  ambientCelsius: number | null;
  /** The guard who typed a manual reading, and the instrument; null for a device reading. */
  manual: { guardName: string; instrument: 'handheld' | 'clinical' } | null;
}

export type Measurement =
  /** Nobody in front of the sensor (or nothing measured yet). */
  | { kind: 'none' }
  /**
   * Someone is in front and the readings have not agreed yet, or have and the short window
   * for a higher stable reading is still open until `readyAt`.
   */
  | { kind: 'settling'; readyAt: Date | null }
  /** The newest reading of a person is outside the plausible range: measure again. */
  | { kind: 'implausible'; celsius: number }
  | { kind: 'measured'; reading: TemperatureEvidence };

/**
 * The first measurement in `readings` (oldest first, all from the window that belongs to this
 * person), as it stands at `now`. Readings below `presenceMinCelsius` are the scene, not a
 * person: they break a run, and end a measurement at once (the person has stepped away).
 */
export function measure(
  readings: readonly TemperatureEvidence[],
  policy: Policy,
  now: Date,
): Measurement {
  let best: TemperatureEvidence | null = null;
  let stableSince: number | null = null;
  let run: TemperatureEvidence[] = [];
  let newestPerson: TemperatureEvidence | null = null;
  for (const reading of readings) {
    if (reading.settled) {
      newestPerson = reading;
      if (best === null && isPlausible(reading.celsius, policy)) {
        return { kind: 'measured', reading };
      }
      continue;
    }
    if (reading.celsius < policy.presenceMinCelsius) {
      if (best !== null) return { kind: 'measured', reading: best };
      run = [];
      continue;
    }
    newestPerson = reading;
    run = [...run, reading].slice(-policy.stableReadings);
    if (run.length < policy.stableReadings || !isStable(run, policy)) continue;
    stableSince ??= reading.at.getTime();
    for (const stable of run) {
      if (best === null || stable.celsius > best.celsius) best = stable;
    }
  }
  if (best !== null && stableSince !== null) {
    const readyAt = stableSince + policy.measureWindowSeconds * 1000;
    if (now.getTime() >= readyAt) return { kind: 'measured', reading: best };
    return { kind: 'settling', readyAt: new Date(readyAt) };
  }
  if (newestPerson === null) return { kind: 'none' };
  if (!isPlausible(newestPerson.celsius, policy)) {
    return { kind: 'implausible', celsius: newestPerson.celsius };
  }
  return { kind: 'settling', readyAt: null };
}

function isStable(run: readonly TemperatureEvidence[], policy: Policy): boolean {
  let low = Infinity;
  let high = -Infinity;
  for (const reading of run) {
    if (!isPlausible(reading.celsius, policy)) return false;
    low = Math.min(low, reading.celsius);
    high = Math.max(high, reading.celsius);
  }
  // Compared in hundredths, the devices' resolution, so 0.3 apart is within 0.3.
  return Math.round((high - low) * 100) <= Math.round(policy.stableSpreadCelsius * 100);
}
