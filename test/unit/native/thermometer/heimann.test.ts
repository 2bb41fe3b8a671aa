// The Heimann-style byte parser against the documented frame, split frames, garbage, bad
// checksums and a seeded fuzz. The parser must never throw, never lose a good frame and never
// grow its buffer.

import { describe, expect, it } from 'vitest';
import {
  HEIMANN_BAUD_RATE,
  HEIMANN_FRAME_LENGTH,
  HeimannParser,
  encodeHeimannFrame,
} from '../../../../native/thermometer/heimann';
import type { ThermometerFrame } from '../../../../native/thermometer/protocol';
import { createSeededRandom } from '../../../rigs/gate-frames-random';

const bytes = (...values: number[]): Uint8Array => Uint8Array.of(...values);
const reading = (objectCelsius: number): ThermometerFrame => ({
  objectCelsius,
  ambientCelsius: null,
});

/** Seeded (Mulberry32), so a failing fuzz case can be replayed. */
const createRandom = (seed: number): (() => number) => createSeededRandom(seed).next;

function parseAll(chunks: Uint8Array[], parser = new HeimannParser()): ThermometerFrame[] {
  return chunks.flatMap((chunk) => parser.push(chunk));
}

/** The documented example: 36.7 °C (0xAA+0x55+0x06+0x24+0x07 = 0x130). */
const EXAMPLE = [0xaa, 0x55, 0x06, 0x24, 0x07, 0x30];

describe('Heimann constants', () => {
  it('talk at 115200 baud in six-byte frames', () => {
    expect(HEIMANN_BAUD_RATE).toBe(115200);
    expect(HEIMANN_FRAME_LENGTH).toBe(6);
  });
});

describe('encodeHeimannFrame', () => {
  it.each([
    { celsius: 36.7, frame: EXAMPLE },
    { celsius: 0, frame: [0xaa, 0x55, 0x06, 0x00, 0x00, 0x05] },
    { celsius: 255.9, frame: [0xaa, 0x55, 0x06, 0xff, 0x09, 0x0d] },
    { celsius: 36.66, frame: EXAMPLE },
    { celsius: -0.04, frame: [0xaa, 0x55, 0x06, 0x00, 0x00, 0x05] },
  ])('encodes $celsius °C', ({ celsius, frame }) => {
    expect([...encodeHeimannFrame(celsius)]).toEqual(frame);
  });

  it.each([-0.1, -1, 256, 255.96, 1000, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %s °C, which does not fit',
    (celsius) => {
      expect(() => encodeHeimannFrame(celsius)).toThrow(RangeError);
    },
  );
});

describe('HeimannParser', () => {
  it('reads the documented example as 36.7 °C with no ambient', () => {
    const parser = new HeimannParser();
    expect(parser.push(Uint8Array.from(EXAMPLE))).toEqual([reading(36.7)]);
    expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 0, garbageBytes: 0 });
  });

  it('reads back every temperature it can encode, 0.0 to 255.9', () => {
    const parser = new HeimannParser();
    for (let tenths = 0; tenths <= 2559; tenths += 1) {
      const celsius = tenths / 10;
      expect(parser.push(encodeHeimannFrame(celsius)), `${celsius} °C`).toEqual([reading(celsius)]);
    }
    expect(parser.counters()).toEqual({ framesOk: 2560, badFrames: 0, garbageBytes: 0 });
  });

  it('rejects tenths above 9 even with a good checksum', () => {
    const parser = new HeimannParser();
    const sum = (0xaa + 0x55 + 0x06 + 0x24 + 0x0a) & 0xff;
    expect(parser.push(bytes(0xaa, 0x55, 0x06, 0x24, 0x0a, sum))).toEqual([]);
    expect(parser.counters()).toEqual({ framesOk: 0, badFrames: 1, garbageBytes: 6 });
  });

  it('reads a frame split at every byte boundary', () => {
    const frame = Uint8Array.from(EXAMPLE);
    for (let split = 1; split < frame.length; split += 1) {
      const parser = new HeimannParser();
      const frames = parseAll([frame.subarray(0, split), frame.subarray(split)], parser);
      expect(frames, `split at ${split}`).toEqual([reading(36.7)]);
      expect(parser.counters(), `split at ${split}`).toEqual({
        framesOk: 1,
        badFrames: 0,
        garbageBytes: 0,
      });
    }
  });

  it('reads a frame fed one byte at a time', () => {
    const frames = parseAll([...encodeHeimannFrame(38.2)].map((value) => bytes(value)));
    expect(frames).toEqual([reading(38.2)]);
  });

  it('reads many frames glued into one chunk', () => {
    const temperatures = Array.from({ length: 50 }, (_, index) => (350 + index) / 10);
    const parser = new HeimannParser();
    const frames = parser.push(
      Uint8Array.from(temperatures.flatMap((celsius) => [...encodeHeimannFrame(celsius)])),
    );
    expect(frames).toEqual(temperatures.map(reading));
    expect(parser.counters()).toEqual({ framesOk: 50, badFrames: 0, garbageBytes: 0 });
  });

  it('skips garbage before and between frames and counts it', () => {
    const parser = new HeimannParser();
    const frames = parser.push(
      bytes(
        ...[0x00, 0xff, 0xaa, 0x13],
        ...encodeHeimannFrame(36.6),
        ...[0xaa, 0x55, 0xaa],
        ...encodeHeimannFrame(37.1),
      ),
    );
    expect(frames).toEqual([reading(36.6), reading(37.1)]);
    expect(parser.counters()).toEqual({ framesOk: 2, badFrames: 0, garbageBytes: 7 });
  });

  it('rejects a bad checksum and still finds the next good frame', () => {
    const parser = new HeimannParser();
    const corrupt = encodeHeimannFrame(36.6);
    corrupt[5] = (corrupt[5] ?? 0) ^ 0x01;
    const frames = parser.push(bytes(...corrupt, ...encodeHeimannFrame(36.9)));
    expect(frames).toEqual([reading(36.9)]);
    expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 1, garbageBytes: 6 });
  });

  it('finds a real frame that starts inside a false header', () => {
    // The false frame's "payload" is the start of the real one: skipping all six bytes after
    // its bad checksum would swallow the real frame.
    const parser = new HeimannParser();
    const frames = parseAll([bytes(0xaa, 0x55, 0x06, ...EXAMPLE)], parser);
    expect(frames).toEqual([reading(36.7)]);
    expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 1, garbageBytes: 3 });
  });

  it('keeps a partial header across chunks but not garbage', () => {
    const parser = new HeimannParser();
    parser.push(bytes(0x01, 0x02, 0xaa, 0x55));
    expect(parser.pendingBytes()).toBe(2);
    parser.push(bytes(0x99));
    expect(parser.pendingBytes()).toBe(0);
    expect(parser.counters().garbageBytes).toBe(5);
  });

  it('discards a partial frame on request and keeps its counters', () => {
    const parser = new HeimannParser();
    const frame = encodeHeimannFrame(36.6);
    parser.push(frame.subarray(0, 4));
    parser.discardPending();
    expect(parser.pendingBytes()).toBe(0);
    expect(parser.push(frame.subarray(4))).toEqual([]);
    expect(parser.push(frame)).toEqual([reading(36.6)]);
    expect(parser.counters()).toEqual({ framesOk: 1, badFrames: 0, garbageBytes: 6 });
  });

  it('never reads a temperature from random bytes, nor grows', () => {
    const parser = new HeimannParser();
    const random = createRandom(11);
    for (let round = 0; round < 200; round += 1) {
      const chunk = Uint8Array.from({ length: 512 }, () => Math.floor(random() * 256));
      expect(parser.push(chunk)).toEqual([]);
      expect(parser.pendingBytes()).toBeLessThan(HEIMANN_FRAME_LENGTH);
    }
    expect(parser.counters().garbageBytes + parser.pendingBytes()).toBe(200 * 512);
  });

  it('recovers every frame from random garbage and random chunking (seeded fuzz)', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const random = createRandom(seed);
      const expected: ThermometerFrame[] = [];
      const stream: number[] = [];
      let garbageTotal = 0;
      const frameCount = 1 + Math.floor(random() * 20);
      for (let index = 0; index < frameCount; index += 1) {
        const celsius = Math.floor(random() * 2560) / 10;
        const frame = encodeHeimannFrame(celsius);
        const garbage = randomGarbage(random, frame);
        expected.push(reading(celsius));
        stream.push(...garbage, ...frame);
        garbageTotal += garbage.length;
      }
      const parser = new HeimannParser();
      const frames: ThermometerFrame[] = [];
      for (let position = 0; position < stream.length;) {
        const size = 1 + Math.floor(random() * 16);
        frames.push(...parser.push(Uint8Array.from(stream.slice(position, position + size))));
        expect(parser.pendingBytes()).toBeLessThan(HEIMANN_FRAME_LENGTH);
        position += size;
      }
      expect(frames, `seed ${seed}`).toEqual(expected);
      expect(parser.counters(), `seed ${seed}`).toMatchObject({
        framesOk: expected.length,
        garbageBytes: garbageTotal,
      });
    }
  });
});

/**
 * Garbage rich in header bytes, so false and partial headers are common. Garbage that happens
 * to hold a frame with a valid checksum is drawn again: no parser could tell it from a real one.
 */
function randomGarbage(random: () => number, frame: Uint8Array): number[] {
  for (;;) {
    const length = Math.floor(random() * 24);
    const garbage = Array.from({ length }, () =>
      random() < 0.5
        ? ([0xaa, 0x55, 0x06][Math.floor(random() * 3)] ?? 0)
        : Math.floor(random() * 256),
    );
    if (!holdsValidFrame(Uint8Array.from([...garbage, ...frame]), length)) return garbage;
  }
}

function holdsValidFrame(segment: Uint8Array, garbageLength: number): boolean {
  for (let start = 0; start < garbageLength; start += 1) {
    const window = segment.subarray(start, start + HEIMANN_FRAME_LENGTH);
    if (new HeimannParser().push(window).length > 0) return true;
  }
  return false;
}
