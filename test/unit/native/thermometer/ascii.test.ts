// The text-line thermometer parser against the formats such devices print, every line ending,
// configured patterns, overlong lines, non-ASCII noise and a seeded fuzz. It must never throw,
// never hold more than one bounded line and never invent a reading from a line without one.

import { describe, expect, it } from 'vitest';
import {
  ASCII_MAX_LINE_LENGTH,
  AsciiParser,
  compileAsciiPattern,
  createAsciiProtocol,
  encodeAsciiLine,
} from '../../../../native/thermometer/ascii';
import type { ThermometerFrame } from '../../../../native/thermometer/protocol';
import { createSeededRandom } from '../../../rigs/gate-frames-random';

/** latin1, the way the parser reads bytes: one byte per character. */
const text = (value: string): Uint8Array =>
  Uint8Array.from(value, (character) => character.charCodeAt(0));
const reading = (objectCelsius: number): ThermometerFrame => ({
  objectCelsius,
  ambientCelsius: null,
});

/** Seeded (Mulberry32), so a failing fuzz case can be replayed. */
const createRandom = (seed: number): (() => number) => createSeededRandom(seed).next;

function parseAll(chunks: Uint8Array[], parser = new AsciiParser()): ThermometerFrame[] {
  return chunks.flatMap((chunk) => parser.push(chunk));
}

const ENDINGS = [
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['CR', '\r'],
] as const;

describe('AsciiParser, default pattern', () => {
  describe.each(ENDINGS)('lines ending in %s', (_, ending) => {
    it.each([
      ['T=36.5', 36.5],
      ['36.5C', 36.5],
      ['Temp:36.50', 36.5],
      ['OBJ 36.4 AMB 24.1', 36.4],
      ['T=-5.0', -5],
      ['+36.5', 36.5],
      ['37', 37],
      ['T=-0.0', 0],
    ])('reads "%s" as %s °C', (line, celsius) => {
      const parser = new AsciiParser();
      expect(parser.push(text(line + ending))).toEqual([reading(celsius)]);
      expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 0, garbageBytes: 0 });
      expect(parser.pendingBytes()).toBe(0);
    });
  });

  it('gives nothing until the line ends', () => {
    const parser = new AsciiParser();
    expect(parser.push(text('T=36.5'))).toEqual([]);
    expect(parser.pendingBytes()).toBe(6);
    expect(parser.push(text('\n'))).toEqual([reading(36.5)]);
  });

  it.each(['T=36.5\r\n', 'OBJ 36.4 AMB 24.1\n', 'Temp:36.50\r'])(
    'reads "%s" split at every byte boundary',
    (line) => {
      const bytes = text(line);
      const [expected] = parseAll([bytes]);
      expect(expected).toBeDefined();
      for (let split = 1; split < bytes.length; split += 1) {
        const parser = new AsciiParser();
        const frames = parseAll([bytes.subarray(0, split), bytes.subarray(split)], parser);
        expect(frames, `split at ${split}`).toEqual([expected]);
        expect(parser.counters(), `split at ${split}`).toEqual({
          framesOk: 1,
          badFrames: 0,
          garbageBytes: 0,
        });
      }
    },
  );

  it('reads many lines glued into one chunk, whatever their endings', () => {
    const temperatures = Array.from({ length: 60 }, (_, index) => (350 + index) / 10);
    const parser = new AsciiParser();
    const frames = parser.push(
      text(
        temperatures
          .map((celsius, index) => `T=${celsius.toFixed(1)}${ENDINGS[index % 3]?.[1]}`)
          .join(''),
      ),
    );
    expect(frames).toEqual(temperatures.map(reading));
    expect(parser.counters()).toEqual({ framesOk: 60, badFrames: 0, garbageBytes: 0 });
  });

  it('reads LF CR endings too, counting the stray CR as a blank line', () => {
    const parser = new AsciiParser();
    expect(parser.push(text('T=36.5\n\rT=36.6\n\r'))).toEqual([reading(36.5), reading(36.6)]);
    expect(parser.counters()).toEqual({ framesOk: 2, badFrames: 0, garbageBytes: 2 });
  });

  it('counts a line without a number as a bad frame, and reads the next line', () => {
    const parser = new AsciiParser();
    const frames = parser.push(text('ERR\r\nT=--\nT=36.7\r\n'));
    expect(frames).toEqual([reading(36.7)]);
    expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 2, garbageBytes: 10 });
  });

  it('drops blank lines without calling them bad frames', () => {
    const parser = new AsciiParser();
    expect(parser.push(text('\r\n\n\r  \t\r\n'))).toEqual([]);
    expect(parser.counters()).toEqual({ framesOk: 0, badFrames: 0, garbageBytes: 9 });
  });

  it('reads a line after non-ASCII noise, which never throws', () => {
    const parser = new AsciiParser();
    const noise = Uint8Array.of(0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a);
    const frames = parseAll([noise, Uint8Array.of(0xe9, 0x9f), text('T=36.8\r\n')], parser);
    expect(frames).toEqual([reading(36.8)]);
    expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 1, garbageBytes: 7 });
  });
});

describe('AsciiParser, line length bound', () => {
  it(`reads a line of exactly ${ASCII_MAX_LINE_LENGTH} bytes`, () => {
    const parser = new AsciiParser();
    const line = 'x'.repeat(ASCII_MAX_LINE_LENGTH - 4) + '36.5';
    expect(parser.push(text(line))).toEqual([]);
    expect(parser.pendingBytes()).toBe(ASCII_MAX_LINE_LENGTH);
    expect(parser.push(text('\n'))).toEqual([reading(36.5)]);
  });

  it('drops a longer line up to its end, even with a number in it', () => {
    const parser = new AsciiParser();
    const line = 'x'.repeat(ASCII_MAX_LINE_LENGTH - 3) + '36.5';
    const frames = parser.push(text(`${line}\r\nT=36.6\r\n`));
    expect(frames).toEqual([reading(36.6)]);
    expect(parser.counters()).toEqual({
      framesOk: 1,
      badFrames: 0,
      garbageBytes: ASCII_MAX_LINE_LENGTH + 1 + 2,
    });
  });

  it('keeps dropping an overflowing line across chunks, holding nothing', () => {
    const parser = new AsciiParser();
    for (let round = 0; round < 10; round += 1) {
      expect(parser.push(text('7'.repeat(100)))).toEqual([]);
      expect(parser.pendingBytes()).toBeLessThanOrEqual(ASCII_MAX_LINE_LENGTH);
    }
    expect(parser.pendingBytes()).toBe(0);
    // The tail of the long line, then a real one.
    expect(parser.push(text('5\nT=36.9\n'))).toEqual([reading(36.9)]);
    expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 0, garbageBytes: 1002 });
  });

  it('discards a partial line on request and keeps its counters', () => {
    const parser = new AsciiParser();
    parser.push(text('T=36.5'));
    parser.discardPending();
    expect(parser.pendingBytes()).toBe(0);
    expect(parser.push(text('T=36.6\n'))).toEqual([reading(36.6)]);
    expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 0, garbageBytes: 6 });
  });
});

describe('AsciiParser, configured pattern', () => {
  it('takes group 1 when the pattern has a group', () => {
    const parser = new AsciiParser({ pattern: 'OBJ ([-\\d.]+)' });
    expect(parser.push(text('AMB 24.1 OBJ 36.4\r\n'))).toEqual([reading(36.4)]);
  });

  it('takes the whole match when it has none', () => {
    const parser = new AsciiParser({ pattern: '\\d+\\.\\d' });
    expect(parser.push(text('ID 7 T 36.5\r\n'))).toEqual([reading(36.5)]);
  });

  it.each([
    ['a line the pattern does not match', 'T=(\\S+)', 'AMB 24.1'],
    ['a group that took no part', 'OBJ (\\d+)|AMB', 'AMB 24'],
    ['a group that is not a number', 'T=(\\S+)', 'T=abc'],
    ['an empty match', 'x*', 'T=36.5'],
    ['a hexadecimal number', 'T=(\\S+)', 'T=0x24'],
    ['Infinity', 'T=(\\S+)', 'T=Infinity'],
    ['a number too large to be finite', 'T=(\\S+)', 'T=1e999'],
  ])('calls %s a bad frame', (_, pattern, line) => {
    const parser = new AsciiParser({ pattern });
    expect(parser.push(text(`${line}\n`))).toEqual([]);
    expect(parser.counters()).toEqual({
      framesOk: 0,
      badFrames: 1,
      garbageBytes: line.length + 1,
    });
  });

  it('refuses an invalid pattern at construction, naming it', () => {
    expect(() => new AsciiParser({ pattern: '(' })).toThrow(/"\("/);
    expect(() => compileAsciiPattern('[36')).toThrow(/"\[36".*not a valid regular expression/);
  });
});

describe('encodeAsciiLine', () => {
  it.each([
    [36.5, 'T=36.5\r\n'],
    [36, 'T=36.0\r\n'],
    [-0.5, 'T=-0.5\r\n'],
    [36.54, 'T=36.5\r\n'],
  ])('writes %s °C as %j', (celsius, line) => {
    expect(encodeAsciiLine(celsius)).toEqual(text(line));
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1e21])('refuses %s', (celsius) => {
    expect(() => encodeAsciiLine(celsius)).toThrow(RangeError);
  });
});

describe('createAsciiProtocol', () => {
  it('refuses an invalid pattern with a message naming it', () => {
    expect(() => createAsciiProtocol({ pattern: '(' })).toThrow(
      /Thermometer pattern "\(" is not a valid regular expression/,
    );
  });
});

describe('AsciiParser, fuzz', () => {
  it('never reads a temperature from digit-free noise, nor grows', () => {
    const parser = new AsciiParser();
    const random = createRandom(13);
    for (let round = 0; round < 200; round += 1) {
      const chunk = Uint8Array.from({ length: 512 }, () => noiseByte(random, true));
      expect(parser.push(chunk)).toEqual([]);
      expect(parser.pendingBytes()).toBeLessThanOrEqual(ASCII_MAX_LINE_LENGTH);
    }
    expect(parser.counters().framesOk).toBe(0);
    expect(parser.counters().garbageBytes + parser.pendingBytes()).toBe(200 * 512);
  });

  it('never throws nor grows on any bytes at all', () => {
    const parser = new AsciiParser();
    const random = createRandom(17);
    for (let round = 0; round < 200; round += 1) {
      const chunk = Uint8Array.from({ length: 512 }, () => Math.floor(random() * 256));
      expect(() => parser.push(chunk)).not.toThrow();
      expect(parser.pendingBytes()).toBeLessThanOrEqual(ASCII_MAX_LINE_LENGTH);
    }
  });

  it('recovers every reading between noise lines and random chunking (seeded fuzz)', () => {
    const formats = [
      (value: string) => `T=${value}`,
      (value: string) => `${value}C`,
      (value: string) => `Temp:${value}`,
      (value: string) => `OBJ ${value} AMB 24.1`,
    ];
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = createRandom(seed);
      const expected: ThermometerFrame[] = [];
      const stream: number[] = [];
      let garbageTotal = 0;
      let badTotal = 0;
      const lineCount = 1 + Math.floor(random() * 20);
      for (let index = 0; index < lineCount; index += 1) {
        if (random() < 0.5) {
          // Never empty: an empty line right after a CR would be the LF of a CRLF.
          const noise = Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
            noiseByte(random, false),
          );
          const line = [...noise, ...text(pick(random, ['\n', '\r\n', '\r']))];
          if (String.fromCharCode(...noise).trim() !== '') badTotal += 1;
          garbageTotal += line.length;
          stream.push(...line);
        }
        const value = (random() * 80 - 20).toFixed(random() < 0.5 ? 1 : 2);
        const format = formats[Math.floor(random() * formats.length)] ?? String;
        expected.push(reading(Number(value) + 0));
        stream.push(...text(format(value) + pick(random, ['\n', '\r\n', '\r'])));
      }
      const parser = new AsciiParser();
      const frames: ThermometerFrame[] = [];
      for (let position = 0; position < stream.length;) {
        const size = 1 + Math.floor(random() * 16);
        frames.push(...parser.push(Uint8Array.from(stream.slice(position, position + size))));
        expect(parser.pendingBytes()).toBeLessThanOrEqual(ASCII_MAX_LINE_LENGTH);
        position += size;
      }
      expect(frames, `seed ${seed}`).toEqual(expected);
      expect(parser.counters(), `seed ${seed}`).toEqual({
        framesOk: expected.length,
        badFrames: badTotal,
        garbageBytes: garbageTotal,
      });
    }
  });
});

/** Any byte but a digit (so no reading hides in it); line ends only when `lineEnds`. */
function noiseByte(random: () => number, lineEnds: boolean): number {
  for (;;) {
    const byte = Math.floor(random() * 256);
    const digit = byte >= 0x30 && byte <= 0x39;
    const lineEnd = byte === 0x0a || byte === 0x0d;
    if (!digit && (lineEnds || !lineEnd)) return byte;
  }
}

function pick<T>(random: () => number, values: readonly T[]): T {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}
