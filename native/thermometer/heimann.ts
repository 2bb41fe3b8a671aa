// Byte parser for Heimann-style serial thermometer modules: `AA 55 06 INT DEC SUM`, whole
// degrees and tenths, no ambient. Pure: no ports, no clocks.

import { HeaderFrameParser } from './protocol';
import type { ThermometerFrame, ThermometerParser, ThermometerProtocol } from './protocol';

/** These modules talk at 115200 out of the box, unlike the 9600 of GY-906 boards. */
export const HEIMANN_BAUD_RATE = 115200;

/** `AA 55` sync, `06` the frame length. */
const HEADER = [0xaa, 0x55, 0x06] as const;
/** Header, whole degrees (1), tenths (1), checksum (1). */
export const HEIMANN_FRAME_LENGTH = 6;

/** Low byte of the sum of the five bytes before the checksum of the frame at `start`. */
function checksum(bytes: Uint8Array, start: number): number {
  let sum = 0;
  for (let index = start; index < start + HEIMANN_FRAME_LENGTH - 1; index += 1) {
    sum += bytes[index] ?? 0;
  }
  return sum & 0xff;
}

/** The frame at `start`, or null when its checksum is wrong or its tenths are not a digit. */
function decodeHeimann(bytes: Uint8Array, start: number): ThermometerFrame | null {
  if (checksum(bytes, start) !== bytes[start + HEIMANN_FRAME_LENGTH - 1]) return null;
  const whole = bytes[start + 3] ?? 0;
  const tenths = bytes[start + 4] ?? 0;
  if (tenths > 9) return null;
  // Divide once from tenths: 36 + 0.7 would not always be the same double as 36.7.
  return { objectCelsius: (whole * 10 + tenths) / 10, ambientCelsius: null };
}

/**
 * Build a frame as the module would send it (for tests and the simulator). Rounds to 0.1 °C
 * first, so 255.96 does not fit but -0.04 (0.0) does.
 */
export function encodeHeimannFrame(celsius: number): Uint8Array {
  const tenths = Math.round(celsius * 10);
  if (!Number.isFinite(tenths) || tenths < 0 || tenths > 255 * 10 + 9) {
    throw new RangeError(`Temperature ${celsius} °C does not fit a Heimann frame (0–255.9)`);
  }
  const frame = Uint8Array.of(...HEADER, Math.floor(tenths / 10), tenths % 10, 0);
  frame[HEIMANN_FRAME_LENGTH - 1] = checksum(frame, 0);
  return frame;
}

/** Keeps at most one partial frame (fewer than six bytes) between calls. */
export class HeimannParser
  extends HeaderFrameParser<ThermometerFrame>
  implements ThermometerParser
{
  constructor() {
    super({ header: HEADER, frameLength: HEIMANN_FRAME_LENGTH, decode: decodeHeimann });
  }
}

/** The module streams by itself: nothing to send on connect, nothing to poll with. */
export function createHeimannProtocol(): ThermometerProtocol {
  return {
    driver: 'heimann',
    createParser: () => new HeimannParser(),
    onConnect: null,
    query: null,
    encode: (objectCelsius) => encodeHeimannFrame(objectCelsius),
  };
}
