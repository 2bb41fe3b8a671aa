// Byte parser for the GY-906 family of serial thermometers (MLX90614 behind a small MCU).
// Pure: no ports, no clocks. It must never throw on input bytes and never hold more than one
// partial frame, however much garbage arrives.

import type { ThermometerMode } from './driver';
import { HeaderFrameParser } from './protocol';
import type { ThermometerParser, ThermometerProtocol } from './protocol';

/** Ask for one reading. */
export const GY906_QUERY: Uint8Array = Uint8Array.of(0xa5, 0x15, 0xba);
/** Ask the module to send readings continuously. */
export const GY906_STREAM: Uint8Array = Uint8Array.of(0xa5, 0x45, 0xea);

/** `5A 5A` sync, `45` temperature frame, `04` payload bytes that follow. */
const HEADER = [0x5a, 0x5a, 0x45, 0x04] as const;
/** Header, object (2), ambient (2), checksum (1). */
export const GY906_FRAME_LENGTH = 9;
/** 9: the plain frame; 10: some boards add their module ID after the checksum. */
export type Gy906FrameLength = 9 | 10;

/** Ambient written by the protocol's encoder when none is given: a room, not a freezer. */
const DEFAULT_AMBIENT_CELSIUS = 25;
/** Module ID the encoder writes in 10-byte frames; the parser accepts any. */
const DEFAULT_MODULE_ID = 1;

export interface Gy906Frame {
  objectCelsius: number;
  /** Never null: the MLX90614 always measures its own die temperature. */
  ambientCelsius: number;
}

export interface Gy906ParserOptions {
  /** Default 9. */
  frameLength?: Gy906FrameLength;
}

export interface Gy906EncodeOptions {
  /** Module ID (0–255): given, the 10-byte variant is written. */
  id?: number;
}

/** Low byte of the sum of the first eight bytes of a frame starting at `start`. */
function checksum(bytes: Uint8Array, start: number): number {
  let sum = 0;
  for (let index = start; index < start + GY906_FRAME_LENGTH - 1; index += 1) {
    sum += bytes[index] ?? 0;
  }
  return sum & 0xff;
}

function readCelsius(bytes: Uint8Array, start: number): number {
  const raw = ((bytes[start] ?? 0) << 8) | (bytes[start + 1] ?? 0);
  const signed = raw >= 0x8000 ? raw - 0x10000 : raw;
  return signed / 100;
}

/** The frame at `start`, or null when its checksum is wrong. The ID byte, if any, is not read. */
function decodeGy906(bytes: Uint8Array, start: number): Gy906Frame | null {
  if (checksum(bytes, start) !== bytes[start + GY906_FRAME_LENGTH - 1]) return null;
  return {
    objectCelsius: readCelsius(bytes, start + 4),
    ambientCelsius: readCelsius(bytes, start + 6),
  };
}

function toCentidegrees(celsius: number, name: string): number {
  const value = Math.round(celsius * 100);
  if (!Number.isFinite(value) || value < -0x8000 || value > 0x7fff) {
    throw new RangeError(`${name} ${celsius} °C does not fit a GY-906 frame`);
  }
  return value & 0xffff;
}

/** Build a reply frame as the module would send it (for tests and the serial rig). */
export function encodeGy906Frame(
  objectCelsius: number,
  ambientCelsius: number,
  options: Gy906EncodeOptions = {},
): Uint8Array {
  const object = toCentidegrees(objectCelsius, 'Object temperature');
  const ambient = toCentidegrees(ambientCelsius, 'Ambient temperature');
  const { id } = options;
  if (id !== undefined && !(Number.isInteger(id) && id >= 0 && id <= 0xff)) {
    throw new RangeError(`Module ID ${id} is not a byte`);
  }
  const frame = new Uint8Array(GY906_FRAME_LENGTH + (id === undefined ? 0 : 1));
  frame.set([...HEADER, object >> 8, object & 0xff, ambient >> 8, ambient & 0xff]);
  frame[GY906_FRAME_LENGTH - 1] = checksum(frame, 0);
  if (id !== undefined) frame[GY906_FRAME_LENGTH] = id;
  return frame;
}

/**
 * Turns a byte stream into frames. Keeps at most one partial frame (fewer than `frameLength`
 * bytes) between calls. In the 10-byte variant a frame whose ID byte has not arrived yet is
 * held back, so a frame is only ever emitted whole and the ID is never counted as garbage.
 */
export class Gy906Parser extends HeaderFrameParser<Gy906Frame> implements ThermometerParser {
  constructor(options: Gy906ParserOptions = {}) {
    super({ header: HEADER, frameLength: options.frameLength ?? 9, decode: decodeGy906 });
  }
}

export interface Gy906ProtocolOptions {
  mode: ThermometerMode;
  frameLength: Gy906FrameLength;
}

/**
 * Streaming modules are told to stream once on connect; queried ones are asked every poll;
 * triggered ones send by themselves and are told nothing.
 */
export function createGy906Protocol(options: Gy906ProtocolOptions): ThermometerProtocol {
  const { mode, frameLength } = options;
  const id = frameLength === 10 ? DEFAULT_MODULE_ID : undefined;
  return {
    driver: 'gy906',
    createParser: () => new Gy906Parser({ frameLength }),
    onConnect: mode === 'stream' ? GY906_STREAM : null,
    query: mode === 'query' ? GY906_QUERY : null,
    encode: (objectCelsius, ambientCelsius) =>
      encodeGy906Frame(objectCelsius, ambientCelsius ?? DEFAULT_AMBIENT_CELSIUS, { id }),
  };
}
