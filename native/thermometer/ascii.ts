// Line parser for thermometers that print their readings as text, one per line: `T=36.5`,
// `36.5C`, `Temp:36.50`, `OBJ 36.4 AMB 24.1`. Pure: no ports, no clocks. Bytes are read as
// latin1, so no byte sequence can make decoding throw, and a line is held only up to a bound.

import type {
  ParserCounters,
  ThermometerFrame,
  ThermometerParser,
  ThermometerProtocol,
} from './protocol';

/** Longest line kept; anything longer is not a reading but a device talking nonsense. */
export const ASCII_MAX_LINE_LENGTH = 256;

/** The first decimal number on the line, optionally signed. */
export const ASCII_DEFAULT_PATTERN = '[-+]?(?:\\d+(?:\\.\\d+)?|\\.\\d+)';

/**
 * What a pattern's number must look like once matched: a plain decimal. Stricter than Number(),
 * which would read "" and " " as 0 and "0x24" as 36.
 */
const DECIMAL = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

const LF = 0x0a;
const CR = 0x0d;

export interface AsciiParserOptions {
  /** Regular-expression source; group 1 is the number if it has a group, else the match. */
  pattern?: string;
}

export interface AsciiProtocolOptions extends AsciiParserOptions {
  /** Text sent to ask for a reading, e.g. "READ\r\n"; none: the device sends by itself. */
  query?: string;
}

/** Compiles a configured pattern, or says which one is wrong (the config loader shows this). */
export function compileAsciiPattern(pattern: string = ASCII_DEFAULT_PATTERN): RegExp {
  try {
    return new RegExp(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Thermometer pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${reason}`,
      { cause: error },
    );
  }
}

/** The reading on one line, or null when it has no usable number. */
function readCelsius(line: string, pattern: RegExp): number | null {
  const match = pattern.exec(line);
  if (match === null) return null;
  // With a group, the group is the number; a group that took no part in the match is no number.
  const text = (match.length > 1 ? match[1] : match[0])?.trim();
  if (text === undefined || !DECIMAL.test(text)) return null;
  const value = Number(text);
  // `+ 0` turns "-0.0" into 0: no one has a temperature of negative zero.
  return Number.isFinite(value) ? value + 0 : null;
}

/**
 * Turns a byte stream into one reading per line. A line ends at LF, CR or CRLF; the LF of a
 * CRLF belongs to the line the CR ended, so CRLF devices do not produce empty lines. Blank
 * lines are dropped without being counted as bad frames: they are spacing, not readings.
 */
export class AsciiParser implements ThermometerParser {
  readonly #pattern: RegExp;
  /** The line so far, never more than ASCII_MAX_LINE_LENGTH bytes. */
  readonly #line = new Uint8Array(ASCII_MAX_LINE_LENGTH);
  #length = 0;
  /** The current line overflowed: drop bytes up to its end. */
  #overflowed = false;
  /** The last byte was a CR; true when the line it ended was a reading. Null: it was not. */
  #afterCr: boolean | null = null;
  #counters: ParserCounters = { framesOk: 0, badFrames: 0, garbageBytes: 0 };

  /** Throws when the pattern is not a valid regular expression. */
  constructor(options: AsciiParserOptions = {}) {
    this.#pattern = compileAsciiPattern(options.pattern);
  }

  push(chunk: Uint8Array): ThermometerFrame[] {
    const frames: ThermometerFrame[] = [];
    for (const byte of chunk) {
      if (byte === LF && this.#afterCr !== null) {
        if (!this.#afterCr) this.#counters.garbageBytes += 1;
        this.#afterCr = null;
        continue;
      }
      this.#afterCr = null;
      if (byte === LF || byte === CR) {
        const frame = this.#endLine();
        if (frame !== null) frames.push(frame);
        if (byte === CR) this.#afterCr = frame !== null;
      } else if (this.#overflowed) {
        this.#counters.garbageBytes += 1;
      } else if (this.#length === ASCII_MAX_LINE_LENGTH) {
        this.#counters.garbageBytes += this.#length + 1;
        this.#length = 0;
        this.#overflowed = true;
      } else {
        this.#line[this.#length] = byte;
        this.#length += 1;
      }
    }
    return frames;
  }

  /** Forget a partial line, e.g. after the port was reopened. Counters are kept. */
  discardPending(): void {
    this.#counters.garbageBytes += this.#length;
    this.#length = 0;
    this.#overflowed = false;
    this.#afterCr = null;
  }

  /** Bytes of the unfinished line; never more than ASCII_MAX_LINE_LENGTH. */
  pendingBytes(): number {
    return this.#length;
  }

  counters(): ParserCounters {
    return { ...this.#counters };
  }

  /** Reads the finished line and forgets it; its terminator is counted with it. */
  #endLine(): ThermometerFrame | null {
    const length = this.#length;
    this.#length = 0;
    if (this.#overflowed) {
      this.#overflowed = false;
      this.#counters.garbageBytes += 1;
      return null;
    }
    // latin1: one character per byte, whatever the byte, so decoding cannot fail.
    const line = String.fromCharCode(...this.#line.subarray(0, length));
    const celsius = line.trim() === '' ? null : readCelsius(line, this.#pattern);
    if (celsius === null) {
      if (line.trim() !== '') this.#counters.badFrames += 1;
      this.#counters.garbageBytes += length + 1;
      return null;
    }
    this.#counters.framesOk += 1;
    return { objectCelsius: celsius, ambientCelsius: null };
  }
}

/**
 * One line as such a device would print it (for tests and the simulator). One decimal, as
 * most of these devices print.
 */
export function encodeAsciiLine(celsius: number): Uint8Array {
  // From 1e21 on, toFixed switches to exponent notation, which no device prints.
  if (!Number.isFinite(celsius) || Math.abs(celsius) >= 1e21) {
    throw new RangeError(`Temperature ${celsius} °C cannot be written as a line`);
  }
  return new TextEncoder().encode(`T=${celsius.toFixed(1)}\r\n`);
}

/**
 * Validates the pattern now, so a bad one is refused when the config is loaded rather than
 * when the first line arrives.
 */
export function createAsciiProtocol(options: AsciiProtocolOptions = {}): ThermometerProtocol {
  const { pattern, query } = options;
  compileAsciiPattern(pattern);
  return {
    driver: 'ascii',
    createParser: () => new AsciiParser({ pattern }),
    onConnect: null,
    // UTF-8: for the plain ASCII commands these devices know, the very same bytes.
    query: query ? new TextEncoder().encode(query) : null,
    encode: (objectCelsius) => encodeAsciiLine(objectCelsius),
  };
}
