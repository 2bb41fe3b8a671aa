// What every thermometer protocol (gy906, heimann, ascii) gives the port keeper: a byte parser
// that resynchronises after garbage and rejects bad checksums, the bytes to send on connect or
// to ask for a reading, and an encoder that writes the protocol's frames (for the simulator
// and the tests). Pure: no ports, no clocks. The binary protocols (gy906, heimann) share the
// header-framed parser at the end of this file.

export interface ThermometerFrame {
  /** Object (forehead or wrist) temperature, °C, as the device sends it. */
  objectCelsius: number;
  /** Ambient temperature, °C, when the protocol carries it. */
  ambientCelsius: number | null;
}

export interface ParserCounters {
  /** Frames that passed every check. */
  framesOk: number;
  /** Frames with a wrong checksum, or lines with no usable number. */
  badFrames: number;
  /** Bytes thrown away because they were not part of a good frame. */
  garbageBytes: number;
}

export interface ThermometerParser {
  /** Never throws, whatever the bytes; keeps at most one partial frame between calls. */
  push(chunk: Uint8Array): ThermometerFrame[];
  /** Forget a partial frame (after the port was reopened). Counters are kept. */
  discardPending(): void;
  /** Bytes held back waiting for the rest of a frame. */
  pendingBytes(): number;
  counters(): ParserCounters;
}

export interface ThermometerProtocol {
  readonly driver: 'gy906' | 'heimann' | 'ascii';
  createParser(): ThermometerParser;
  /** Sent once after the port opens (e.g. GY-906 "stream continuously"); null: nothing. */
  readonly onConnect: Uint8Array | null;
  /** Sent every poll interval to ask for one reading; null: the device sends by itself. */
  readonly query: Uint8Array | null;
  /** One frame as the device would send it. Throws RangeError when it cannot be encoded. */
  encode(objectCelsius: number, ambientCelsius?: number | null): Uint8Array;
}

/**
 * How a binary protocol frames its readings: a fixed header, a fixed length, and the checks
 * only the protocol knows (checksum, digit ranges). GY-906 and Heimann share everything else.
 */
export interface HeaderFrameFormat<Frame extends ThermometerFrame> {
  readonly header: readonly number[];
  /** Whole frame, header included; longer than the header. */
  readonly frameLength: number;
  /** Reads the complete frame at `start`; null when a check fails (a bad frame). Never throws. */
  decode(bytes: Uint8Array, start: number): Frame | null;
}

/** Index of the first header at or after `from`, or -1. */
function findHeader(bytes: Uint8Array, header: readonly number[], from: number): number {
  for (let index = from; index + header.length <= bytes.length; index += 1) {
    if (header.every((value, offset) => bytes[index + offset] === value)) return index;
  }
  return -1;
}

/**
 * Length of the longest tail of `bytes` that could be the start of a header; those bytes must be
 * kept because the rest of the header may arrive in the next chunk.
 */
function partialHeaderLength(bytes: Uint8Array, header: readonly number[]): number {
  for (let length = Math.min(header.length - 1, bytes.length); length > 0; length -= 1) {
    const start = bytes.length - length;
    if (header.slice(0, length).every((value, offset) => bytes[start + offset] === value)) {
      return length;
    }
  }
  return 0;
}

/**
 * Turns a byte stream of header-framed readings into frames. Keeps at most one partial frame
 * (fewer than `frameLength` bytes) between calls, so its memory is bounded whatever the line
 * carries, and emits a frame only once every byte of it has arrived.
 */
export class HeaderFrameParser<Frame extends ThermometerFrame> implements ThermometerParser {
  readonly #format: HeaderFrameFormat<Frame>;
  #pending: Uint8Array = new Uint8Array(0);
  #counters: ParserCounters = { framesOk: 0, badFrames: 0, garbageBytes: 0 };

  constructor(format: HeaderFrameFormat<Frame>) {
    this.#format = format;
  }

  push(chunk: Uint8Array): Frame[] {
    const { header, frameLength } = this.#format;
    const bytes = this.#join(chunk);
    const frames: Frame[] = [];
    let position = 0;
    while (position < bytes.length) {
      const start = findHeader(bytes, header, position);
      if (start === -1) {
        const keep = partialHeaderLength(bytes.subarray(position), header);
        this.#counters.garbageBytes += bytes.length - position - keep;
        position = bytes.length - keep;
        break;
      }
      this.#counters.garbageBytes += start - position;
      position = start;
      if (bytes.length - position < frameLength) break;
      const frame = this.#format.decode(bytes, position);
      if (frame === null) {
        // Step one byte only: a real frame may begin inside this false one.
        this.#counters.badFrames += 1;
        this.#counters.garbageBytes += 1;
        position += 1;
        continue;
      }
      frames.push(frame);
      this.#counters.framesOk += 1;
      position += frameLength;
    }
    // Copy so the caller's chunk (often a pooled Buffer) is not kept alive.
    this.#pending = bytes.slice(position);
    return frames;
  }

  discardPending(): void {
    this.#counters.garbageBytes += this.#pending.length;
    this.#pending = new Uint8Array(0);
  }

  /** Always below one frame length. */
  pendingBytes(): number {
    return this.#pending.length;
  }

  counters(): ParserCounters {
    return { ...this.#counters };
  }

  #join(chunk: Uint8Array): Uint8Array {
    if (this.#pending.length === 0) return chunk;
    const joined = new Uint8Array(this.#pending.length + chunk.length);
    joined.set(this.#pending, 0);
    joined.set(chunk, this.#pending.length);
    return joined;
  }
}
