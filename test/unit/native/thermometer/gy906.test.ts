// The GY-906 byte parser, plain and with a module ID byte, against real frames, split frames,
// garbage and a seeded fuzz.
// The parser must never throw, never lose a good frame and never grow its buffer.

import { describe, expect, it } from 'vitest';
import {
  GY906_FRAME_LENGTH,
  GY906_QUERY,
  GY906_STREAM,
  Gy906Parser,
  encodeGy906Frame,
} from '../../../../native/thermometer/gy906';
import type { Gy906Frame } from '../../../../native/thermometer/gy906';
import { createSeededRandom } from '../../../rigs/gate-frames-random';

const bytes = (...values: number[]): Uint8Array => Uint8Array.of(...values);

/** Seeded (Mulberry32), so a failing fuzz case can be replayed. */
const createRandom = (seed: number): (() => number) => createSeededRandom(seed).next;

function parseAll(chunks: Uint8Array[], parser = new Gy906Parser()): Gy906Frame[] {
  return chunks.flatMap((chunk) => parser.push(chunk));
}

describe('GY-906 commands', () => {
  it('are the documented bytes', () => {
    expect([...GY906_QUERY]).toEqual([0xa5, 0x15, 0xba]);
    expect([...GY906_STREAM]).toEqual([0xa5, 0x45, 0xea]);
  });
});

describe('encodeGy906Frame', () => {
  it.each([
    { object: 36.6, ambient: 25, frame: [0x5a, 0x5a, 0x45, 0x04, 0x0e, 0x4c, 0x09, 0xc4, 0x24] },
    { object: 0, ambient: 0, frame: [0x5a, 0x5a, 0x45, 0x04, 0x00, 0x00, 0x00, 0x00, 0xfd] },
    { object: 36.5, ambient: -5.5, frame: [0x5a, 0x5a, 0x45, 0x04, 0x0e, 0x42, 0xfd, 0xda, 0x24] },
  ])('encodes $object °C / $ambient °C', ({ object, ambient, frame }) => {
    expect([...encodeGy906Frame(object, ambient)]).toEqual(frame);
  });

  it('refuses temperatures that do not fit 16 bits', () => {
    expect(() => encodeGy906Frame(400, 25)).toThrow(RangeError);
    expect(() => encodeGy906Frame(Number.NaN, 25)).toThrow(RangeError);
  });
});

describe('Gy906Parser', () => {
  it.each([
    { object: 36.6, ambient: 25 },
    { object: 37.85, ambient: -12.34 },
    { object: 0, ambient: 0 },
    { object: -40, ambient: -40 },
    { object: 327.67, ambient: -327.68 },
  ])('reads $object °C / $ambient °C', ({ object, ambient }) => {
    const parser = new Gy906Parser();
    expect(parser.push(encodeGy906Frame(object, ambient))).toEqual([
      { objectCelsius: object, ambientCelsius: ambient },
    ]);
    expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 0, garbageBytes: 0 });
  });

  it('reads a frame split at every byte boundary', () => {
    const frame = encodeGy906Frame(36.6, 24.5);
    for (let split = 1; split < frame.length; split += 1) {
      const frames = parseAll([frame.subarray(0, split), frame.subarray(split)]);
      expect(frames, `split at ${split}`).toEqual([{ objectCelsius: 36.6, ambientCelsius: 24.5 }]);
    }
  });

  it('reads a frame fed one byte at a time', () => {
    const frame = encodeGy906Frame(38.2, 21);
    const frames = parseAll([...frame].map((value) => bytes(value)));
    expect(frames).toEqual([{ objectCelsius: 38.2, ambientCelsius: 21 }]);
  });

  it('skips garbage before and between frames and counts it', () => {
    const parser = new Gy906Parser();
    const frames = parser.push(
      bytes(
        ...[0x00, 0xff, 0x5a, 0x13],
        ...encodeGy906Frame(36.6, 25),
        ...[0x5a, 0x5a, 0x5a],
        ...encodeGy906Frame(37.1, 25),
      ),
    );
    expect(frames.map((frame) => frame.objectCelsius)).toEqual([36.6, 37.1]);
    expect(parser.counters()).toEqual({ framesOk: 2, badFrames: 0, garbageBytes: 7 });
  });

  it('rejects a bad checksum and still finds the next good frame', () => {
    const parser = new Gy906Parser();
    const corrupt = encodeGy906Frame(36.6, 25);
    corrupt[8] = (corrupt[8] ?? 0) ^ 0x01;
    const frames = parser.push(bytes(...corrupt, ...encodeGy906Frame(36.9, 25)));
    expect(frames).toEqual([{ objectCelsius: 36.9, ambientCelsius: 25 }]);
    expect(parser.counters()).toMatchObject({ framesOk: 1, badFrames: 1, garbageBytes: 9 });
  });

  it('finds a real frame that starts inside a false header', () => {
    // A false header whose "payload" is the start of a real frame: skipping the whole nine
    // bytes after the bad checksum would swallow the real one.
    const real = encodeGy906Frame(36.6, 25);
    const frames = parseAll([bytes(0x5a, 0x5a, 0x45, 0x04, ...real)]);
    expect(frames).toEqual([{ objectCelsius: 36.6, ambientCelsius: 25 }]);
  });

  it('keeps a partial header across chunks but not garbage', () => {
    const parser = new Gy906Parser();
    parser.push(bytes(0x01, 0x02, 0x5a, 0x5a, 0x45));
    expect(parser.pendingBytes()).toBe(3);
    parser.push(bytes(0x99));
    expect(parser.pendingBytes()).toBe(0);
    expect(parser.counters().garbageBytes).toBe(6);
  });

  it('discards a partial frame on request and keeps its counters', () => {
    const parser = new Gy906Parser();
    const frame = encodeGy906Frame(36.6, 25);
    parser.push(frame.subarray(0, 5));
    parser.discardPending();
    expect(parser.pendingBytes()).toBe(0);
    expect(parser.push(frame.subarray(5))).toEqual([]);
    expect(parser.push(frame)).toHaveLength(1);
    expect(parser.counters()).toMatchObject({ framesOk: 1, garbageBytes: 9 });
  });

  it('reads many frames glued into one chunk', () => {
    const temperatures = Array.from({ length: 50 }, (_, index) => 35 + index / 10);
    const parser = new Gy906Parser();
    const frames = parser.push(
      Uint8Array.from(temperatures.flatMap((celsius) => [...encodeGy906Frame(celsius, 25)])),
    );
    expect(frames.map((frame) => frame.objectCelsius)).toEqual(temperatures);
    expect(parser.counters()).toEqual({ framesOk: 50, badFrames: 0, garbageBytes: 0 });
  });

  it.each([9, 10] as const)(
    'never reads a temperature from random bytes, nor grows (%i-byte frames)',
    (frameLength) => {
      const parser = new Gy906Parser({ frameLength });
      const random = createRandom(7);
      for (let round = 0; round < 200; round += 1) {
        const chunk = Uint8Array.from({ length: 512 }, () => Math.floor(random() * 256));
        expect(parser.push(chunk)).toEqual([]);
        expect(parser.pendingBytes()).toBeLessThan(frameLength);
      }
      expect(parser.counters().framesOk).toBe(0);
    },
  );

  it.each([9, 10] as const)(
    'recovers every frame from random garbage and random chunking (seeded fuzz, %i-byte frames)',
    (frameLength) => {
      for (let seed = 1; seed <= 500; seed += 1) {
        const random = createRandom(seed);
        const expected: Gy906Frame[] = [];
        const stream: number[] = [];
        let garbageTotal = 0;
        const frameCount = 1 + Math.floor(random() * 20);
        for (let index = 0; index < frameCount; index += 1) {
          // `+ 0` turns -0 into 0, as the wire format has no negative zero.
          const objectCelsius = Math.round((random() * 100 - 20) * 100) / 100 + 0;
          const ambientCelsius = Math.round((random() * 80 - 30) * 100) / 100 + 0;
          const id = frameLength === 10 ? Math.floor(random() * 256) : undefined;
          const frame = encodeGy906Frame(objectCelsius, ambientCelsius, { id });
          const garbage = randomGarbage(random, frame, frameLength);
          expected.push({ objectCelsius, ambientCelsius });
          stream.push(...garbage, ...frame);
          garbageTotal += garbage.length;
        }
        const parser = new Gy906Parser({ frameLength });
        const frames: Gy906Frame[] = [];
        for (let position = 0; position < stream.length;) {
          const size = 1 + Math.floor(random() * 16);
          frames.push(...parser.push(Uint8Array.from(stream.slice(position, position + size))));
          expect(parser.pendingBytes()).toBeLessThan(frameLength);
          position += size;
        }
        expect(frames, `seed ${seed}`).toEqual(expected);
        expect(parser.counters(), `seed ${seed}`).toMatchObject({
          framesOk: expected.length,
          garbageBytes: garbageTotal,
        });
      }
    },
  );
});

describe('GY-906 with a module ID byte (10-byte frames)', () => {
  const reading = { objectCelsius: 36.6, ambientCelsius: 25 };

  it('encodes the ID after the checksum', () => {
    expect([...encodeGy906Frame(36.6, 25, { id: 0x07 })]).toEqual([
      0x5a, 0x5a, 0x45, 0x04, 0x0e, 0x4c, 0x09, 0xc4, 0x24, 0x07,
    ]);
    expect(encodeGy906Frame(36.6, 25, {})).toHaveLength(GY906_FRAME_LENGTH);
  });

  it.each([-1, 256, 1.5, Number.NaN])('refuses module ID %s', (id) => {
    expect(() => encodeGy906Frame(36.6, 25, { id })).toThrow(RangeError);
  });

  it.each([0x00, 0x07, 0x5a, 0xff])(
    'reads a frame with ID %i, the ID not counted as garbage',
    (id) => {
      const parser = new Gy906Parser({ frameLength: 10 });
      expect(parser.push(encodeGy906Frame(36.6, 25, { id }))).toEqual([reading]);
      expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 0, garbageBytes: 0 });
      expect(parser.pendingBytes()).toBe(0);
    },
  );

  it('holds a frame back until its ID byte arrives', () => {
    const parser = new Gy906Parser({ frameLength: 10 });
    const frame = encodeGy906Frame(36.6, 25, { id: 3 });
    expect(parser.push(frame.subarray(0, 9))).toEqual([]);
    expect(parser.pendingBytes()).toBe(9);
    expect(parser.push(frame.subarray(9))).toEqual([reading]);
    expect(parser.pendingBytes()).toBe(0);
  });

  it('reads a frame split at every byte boundary', () => {
    const frame = encodeGy906Frame(37.25, -3.5, { id: 0x5a });
    for (let split = 1; split < frame.length; split += 1) {
      const parser = new Gy906Parser({ frameLength: 10 });
      const frames = parseAll([frame.subarray(0, split), frame.subarray(split)], parser);
      expect(frames, `split at ${split}`).toEqual([{ objectCelsius: 37.25, ambientCelsius: -3.5 }]);
      expect(parser.counters(), `split at ${split}`).toEqual({
        framesOk: 1,
        badFrames: 0,
        garbageBytes: 0,
      });
    }
  });

  it('reads many frames glued into one chunk, whatever their IDs', () => {
    const temperatures = Array.from({ length: 40 }, (_, index) => 34 + index / 4);
    const parser = new Gy906Parser({ frameLength: 10 });
    const frames = parser.push(
      Uint8Array.from(
        temperatures.flatMap((celsius, index) => [
          ...encodeGy906Frame(celsius, 25, { id: (index * 37) & 0xff }),
        ]),
      ),
    );
    expect(frames.map((frame) => frame.objectCelsius)).toEqual(temperatures);
    expect(parser.counters()).toEqual({ framesOk: 40, badFrames: 0, garbageBytes: 0 });
  });

  it('finds a good frame after garbage and after a bad checksum', () => {
    const parser = new Gy906Parser({ frameLength: 10 });
    const corrupt = encodeGy906Frame(36.6, 25, { id: 1 });
    corrupt[5] = (corrupt[5] ?? 0) ^ 0x10;
    const frames = parser.push(
      bytes(
        ...[0x5a, 0x5a, 0x45, 0x13, 0xff],
        ...encodeGy906Frame(36.8, 25, { id: 1 }),
        ...corrupt,
        ...encodeGy906Frame(36.9, 25, { id: 2 }),
      ),
    );
    expect(frames.map((frame) => frame.objectCelsius)).toEqual([36.8, 36.9]);
    expect(parser.counters()).toEqual({ framesOk: 2, badFrames: 1, garbageBytes: 15 });
  });

  it('is read by the 9-byte parser too, which drops the ID as garbage', () => {
    const parser = new Gy906Parser();
    const frames = parseAll(
      [encodeGy906Frame(36.6, 25, { id: 9 }), encodeGy906Frame(36.6, 25, { id: 9 })],
      parser,
    );
    expect(frames).toEqual([reading, reading]);
    expect(parser.counters()).toEqual({ framesOk: 2, badFrames: 0, garbageBytes: 2 });
  });
});

/**
 * Garbage rich in header bytes, so false and partial headers are common. Garbage that happens
 * to hold a frame with a valid checksum is drawn again: no parser could tell it from a real one.
 */
function randomGarbage(random: () => number, frame: Uint8Array, frameLength: 9 | 10 = 9): number[] {
  for (;;) {
    const length = Math.floor(random() * 24);
    const garbage = Array.from({ length }, () =>
      random() < 0.5
        ? ([0x5a, 0x45, 0x04][Math.floor(random() * 3)] ?? 0)
        : Math.floor(random() * 256),
    );
    if (!holdsValidFrame(Uint8Array.from([...garbage, ...frame]), length, frameLength)) {
      return garbage;
    }
  }
}

function holdsValidFrame(segment: Uint8Array, garbageLength: number, frameLength: 9 | 10): boolean {
  for (let start = 0; start < garbageLength; start += 1) {
    const window = segment.subarray(start, start + frameLength);
    if (new Gy906Parser({ frameLength }).push(window).length > 0) return true;
  }
  return false;
}
