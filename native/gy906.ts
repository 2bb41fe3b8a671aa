// Byte parser for the GY-906 family of serial thermometers (MLX90614 behind a small MCU).
// Pure: no ports, no clocks. It must never throw on input bytes and never hold more than one
// partial frame, however much garbage arrives.

/** Ask for one reading. */
export const GY906_QUERY: Uint8Array = Uint8Array.of(0xa5, 0x15, 0xba);
/** Ask the module to send readings continuously. */
export const GY906_STREAM: Uint8Array = Uint8Array.of(0xa5, 0x45, 0xea);

/** `5A 5A` sync, `45` temperature frame, `04` payload bytes that follow. */
const HEADER = [0x5a, 0x5a, 0x45, 0x04] as const;
/** Header, object (2), ambient (2), checksum (1). */
export const GY906_FRAME_LENGTH = 9;

export interface Gy906Frame {
  objectCelsius: number;
  ambientCelsius: number;
}

export interface Gy906Counters {
  /** Frames whose checksum matched. */
  framesOk: number;
  /** Headers followed by a wrong checksum (line noise, wrong baud rate, or a false header). */
  badChecksums: number;
  /** Bytes thrown away because they were not part of a good frame. */
  garbageBytes: number;
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

function headerAt(bytes: Uint8Array, start: number): boolean {
  return HEADER.every((value, offset) => bytes[start + offset] === value);
}

/**
 * Length of the longest tail of `bytes` that could be the start of a header; those bytes must be
 * kept because the rest of the header may arrive in the next chunk.
 */
function partialHeaderLength(bytes: Uint8Array): number {
  for (let length = Math.min(HEADER.length - 1, bytes.length); length > 0; length -= 1) {
    const start = bytes.length - length;
    let matches = true;
    for (let offset = 0; offset < length; offset += 1) {
      if (bytes[start + offset] !== HEADER[offset]) {
        matches = false;
        break;
      }
    }
    if (matches) return length;
  }
  return 0;
}

function toCentidegrees(celsius: number, name: string): number {
  const value = Math.round(celsius * 100);
  if (!Number.isFinite(value) || value < -0x8000 || value > 0x7fff) {
    throw new RangeError(`${name} ${celsius} °C does not fit a GY-906 frame`);
  }
  return value & 0xffff;
}

/** Build a reply frame as the module would send it (for tests and the serial rig). */
export function encodeGy906Frame(objectCelsius: number, ambientCelsius: number): Uint8Array {
  const object = toCentidegrees(objectCelsius, 'Object temperature');
  const ambient = toCentidegrees(ambientCelsius, 'Ambient temperature');
  const frame = Uint8Array.of(
    ...HEADER,
    object >> 8,
    object & 0xff,
    ambient >> 8,
    ambient & 0xff,
    0,
  );
  frame[GY906_FRAME_LENGTH - 1] = checksum(frame, 0);
  return frame;
}

/**
 * Turns a byte stream into frames. Keeps at most one partial frame (fewer than nine bytes)
 * between calls, so its memory is bounded whatever the line carries.
 */
export class Gy906Parser {
  #pending: Uint8Array = new Uint8Array(0);
  #counters: Gy906Counters = { framesOk: 0, badChecksums: 0, garbageBytes: 0 };

  push(chunk: Uint8Array): Gy906Frame[] {
    const bytes = this.#join(chunk);
    const frames: Gy906Frame[] = [];
    let position = 0;
    while (position < bytes.length) {
      const header = this.#findHeader(bytes, position);
      if (header === -1) {
        const keep = partialHeaderLength(bytes.subarray(position));
        this.#counters.garbageBytes += bytes.length - position - keep;
        position = bytes.length - keep;
        break;
      }
      this.#counters.garbageBytes += header - position;
      position = header;
      if (bytes.length - position < GY906_FRAME_LENGTH) break;
      if (checksum(bytes, position) !== bytes[position + GY906_FRAME_LENGTH - 1]) {
        // Step one byte only: a real frame may begin inside this false header.
        this.#counters.badChecksums += 1;
        this.#counters.garbageBytes += 1;
        position += 1;
        continue;
      }
      frames.push({
        objectCelsius: readCelsius(bytes, position + 4),
        ambientCelsius: readCelsius(bytes, position + 6),
      });
      this.#counters.framesOk += 1;
      position += GY906_FRAME_LENGTH;
    }
    // Copy so the caller's chunk (often a pooled Buffer) is not kept alive.
    this.#pending = bytes.slice(position);
    return frames;
  }

  /** Forget a partial frame, e.g. after the port was reopened. Counters are kept. */
  discardPending(): void {
    this.#counters.garbageBytes += this.#pending.length;
    this.#pending = new Uint8Array(0);
  }

  /** Bytes held back waiting for the rest of a frame; always below one frame length. */
  pendingBytes(): number {
    return this.#pending.length;
  }

  counters(): Gy906Counters {
    return { ...this.#counters };
  }

  #join(chunk: Uint8Array): Uint8Array {
    if (this.#pending.length === 0) return chunk;
    const joined = new Uint8Array(this.#pending.length + chunk.length);
    joined.set(this.#pending, 0);
    joined.set(chunk, this.#pending.length);
    return joined;
  }

  #findHeader(bytes: Uint8Array, from: number): number {
    for (let index = from; index + HEADER.length <= bytes.length; index += 1) {
      if (headerAt(bytes, index)) return index;
    }
    return -1;
  }
}
