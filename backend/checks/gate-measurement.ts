// The measurement step of the gate check: a reading from the sensor or typed in by a guard is
// evidence for the open check, or kept (a bounded few) for the next card's check, except while
// a streaming sensor still sees the person just decided.
import type { CheckView } from '../../contract/api';
import type { TemperatureEvidence } from './decide';
import { evaluateCheck } from './gate-decision';
import type { GateContext } from './gate-lane';

/** Readings kept without a card: enough for the freshness window, never unbounded. */
const looseLimit = 50;

/** A device's reading; a decision it completes that cannot be written is reported as a fault. */
export function takeReading(context: GateContext, reading: TemperatureEvidence): void {
  const { deps, lane } = context;
  context.expire();
  if (lane.open !== null) {
    lane.open.readings.push(reading);
    try {
      evaluateCheck(context, lane.open);
    } catch (error) {
      context.fault(error);
    }
    return;
  }
  if (lane.lingering && !reading.settled) {
    if (reading.celsius >= deps.policy().policy.presenceMinCelsius) return;
    lane.lingering = false;
  }
  lane.loose = [...lane.loose, reading].slice(-looseLimit);
}

/**
 * A guard's typed reading: evidence for the open check, or for the next card within the
 * freshness window. Returns the check as it stands when one is open.
 */
export function takeManualReading(
  context: GateContext,
  reading: TemperatureEvidence,
): CheckView | null {
  const { lane } = context;
  context.expire();
  if (lane.open !== null) {
    lane.open.readings.push(reading);
    return evaluateCheck(context, lane.open);
  }
  lane.loose = [...lane.loose, reading].slice(-looseLimit);
  return null;
}

/** The readings a new card's check starts with: those the lane took before it, once. */
export function takeLooseReadings(context: GateContext): TemperatureEvidence[] {
  const { lane } = context;
  const readings = lane.loose;
  lane.loose = [];
  lane.lingering = false;
  return readings;
}
