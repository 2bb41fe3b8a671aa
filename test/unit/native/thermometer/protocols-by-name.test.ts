// The protocol registry: each driver sends the commands its mode needs, and what its encoder
// writes (the simulator's frames) comes back unchanged through its own parser.

import { describe, expect, it } from 'vitest';
import { GY906_QUERY, GY906_STREAM } from '../../../../native/thermometer/gy906';
import type { ThermometerProtocol } from '../../../../native/thermometer/protocol';
import { createThermometerProtocol } from '../../../../native/thermometer/protocols-by-name';
import type { ProtocolOptions } from '../../../../native/thermometer/protocols-by-name';

const text = (value: string): Uint8Array =>
  Uint8Array.from(value, (character) => character.charCodeAt(0));

/** Encode, then parse with a fresh parser of the same protocol. */
function roundTrip(protocol: ThermometerProtocol, object: number, ambient?: number | null) {
  const parser = protocol.createParser();
  const frames = parser.push(protocol.encode(object, ambient));
  return { frames, counters: parser.counters(), pending: parser.pendingBytes() };
}

describe('createThermometerProtocol: commands', () => {
  it.each([
    { mode: 'stream', onConnect: GY906_STREAM, query: null },
    { mode: 'query', onConnect: null, query: GY906_QUERY },
    { mode: 'triggered', onConnect: null, query: null },
  ] as const)('gy906 in $mode mode', ({ mode, onConnect, query }) => {
    for (const frameLength of [9, 10] as const) {
      const protocol = createThermometerProtocol({ driver: 'gy906', mode, frameLength });
      expect(protocol.driver).toBe('gy906');
      expect(protocol.onConnect).toEqual(onConnect);
      expect(protocol.query).toEqual(query);
    }
  });

  it('heimann sends nothing: it streams by itself', () => {
    const protocol = createThermometerProtocol({ driver: 'heimann' });
    expect(protocol.driver).toBe('heimann');
    expect(protocol.onConnect).toBeNull();
    expect(protocol.query).toBeNull();
  });

  it('ascii sends its query text, when it has one', () => {
    const asking = createThermometerProtocol({ driver: 'ascii', query: 'READ\r\n' });
    expect(asking.driver).toBe('ascii');
    expect(asking.onConnect).toBeNull();
    expect(asking.query).toEqual(text('READ\r\n'));
    const streaming = createThermometerProtocol({ driver: 'ascii' });
    expect(streaming.onConnect).toBeNull();
    expect(streaming.query).toBeNull();
  });

  it('refuses an invalid ascii pattern when the protocol is made, naming the pattern', () => {
    expect(() => createThermometerProtocol({ driver: 'ascii', pattern: '(' })).toThrow(/"\("/);
  });
});

describe('createThermometerProtocol: encode and parse agree', () => {
  it.each([9, 10] as const)('gy906, %i-byte frames', (frameLength) => {
    const protocol = createThermometerProtocol({ driver: 'gy906', mode: 'stream', frameLength });
    expect(protocol.encode(36.6, 24.5)).toHaveLength(frameLength);
    expect(roundTrip(protocol, 36.6, 24.5)).toEqual({
      frames: [{ objectCelsius: 36.6, ambientCelsius: 24.5 }],
      counters: { framesOk: 1, badFrames: 0, garbageBytes: 0 },
      pending: 0,
    });
    // No ambient given: the simulator's room temperature.
    expect(roundTrip(protocol, 37.2).frames).toEqual([{ objectCelsius: 37.2, ambientCelsius: 25 }]);
    expect(roundTrip(protocol, 37.2, null).frames).toEqual([
      { objectCelsius: 37.2, ambientCelsius: 25 },
    ]);
  });

  it('heimann, ambient ignored', () => {
    const protocol = createThermometerProtocol({ driver: 'heimann' });
    expect([...protocol.encode(36.7, 20)]).toEqual([0xaa, 0x55, 0x06, 0x24, 0x07, 0x30]);
    expect(roundTrip(protocol, 36.7, 20)).toEqual({
      frames: [{ objectCelsius: 36.7, ambientCelsius: null }],
      counters: { framesOk: 1, badFrames: 0, garbageBytes: 0 },
      pending: 0,
    });
  });

  it.each([undefined, 'T=(\\S+)', '[-\\d.]+'])('ascii, pattern %s, ambient ignored', (pattern) => {
    const protocol = createThermometerProtocol({ driver: 'ascii', pattern });
    expect(roundTrip(protocol, 36.5, 20)).toEqual({
      frames: [{ objectCelsius: 36.5, ambientCelsius: null }],
      counters: { framesOk: 1, badFrames: 0, garbageBytes: 0 },
      pending: 0,
    });
  });

  it.each<[string, ProtocolOptions]>([
    ['gy906', { driver: 'gy906', mode: 'stream', frameLength: 9 }],
    ['gy906 (10-byte)', { driver: 'gy906', mode: 'query', frameLength: 10 }],
    ['heimann', { driver: 'heimann' }],
    ['ascii', { driver: 'ascii' }],
  ])('%s: every tenth from 0 to 100 °C comes back', (_, options) => {
    const protocol = createThermometerProtocol(options);
    const parser = protocol.createParser();
    for (let tenths = 0; tenths <= 1000; tenths += 1) {
      const celsius = tenths / 10;
      const [frame] = parser.push(protocol.encode(celsius, 25));
      expect(frame?.objectCelsius, `${celsius} °C`).toBe(celsius);
    }
    expect(parser.counters()).toEqual({ framesOk: 1001, badFrames: 0, garbageBytes: 0 });
  });

  it.each<[string, ProtocolOptions]>([
    ['gy906', { driver: 'gy906', mode: 'stream', frameLength: 9 }],
    ['heimann', { driver: 'heimann' }],
    ['ascii', { driver: 'ascii' }],
  ])('%s: a temperature that cannot be written is a RangeError', (_, options) => {
    expect(() => createThermometerProtocol(options).encode(Number.NaN)).toThrow(RangeError);
  });

  it('gives each caller a parser of its own', () => {
    const protocol = createThermometerProtocol({ driver: 'heimann' });
    const first = protocol.createParser();
    const second = protocol.createParser();
    first.push(protocol.encode(36.6).subarray(0, 3));
    expect(first.pendingBytes()).toBe(3);
    expect(second.pendingBytes()).toBe(0);
  });
});
