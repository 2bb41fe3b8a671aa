// Serial bytes tried systematically (issue 7, item 6): whatever a thermometer or a relay line
// carries, the parsers never throw, keep at most one partial frame, give the same readings
// however the bytes are cut into chunks, account for every byte, and find every real frame
// between noise. The seeded fuzz tests in test/unit/native stay; these add the properties.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ASCII_MAX_LINE_LENGTH } from '../../../native/thermometer/ascii';
import {
  crc16Modbus,
  findModbusReply,
  modbusExceptionReply,
  modbusWriteCoil,
} from '../../../native/relay/relay-frames';
import type { ThermometerFrame, ThermometerParser } from '../../../native/thermometer/protocol';
import { createThermometerProtocol } from '../../../native/thermometer/protocols-by-name';
import type { ProtocolOptions } from '../../../native/thermometer/protocols-by-name';
import { fuzzParameters, fuzzTimeout } from './fuzz-settings';

// The soak's FUZZ_RUNS makes every property here longer; the time limit grows with it.
vi.setConfig({ testTimeout: fuzzTimeout(200, 20_000) });

const binaryDrivers: { options: ProtocolOptions; frameLength: number; sync: number }[] = [
  { options: { driver: 'gy906', mode: 'stream', frameLength: 9 }, frameLength: 9, sync: 0x5a },
  { options: { driver: 'gy906', mode: 'query', frameLength: 10 }, frameLength: 10, sync: 0x5a },
  { options: { driver: 'heimann' }, frameLength: 6, sync: 0xaa },
];
const allDrivers: ProtocolOptions[] = [
  ...binaryDrivers.map((driver) => driver.options),
  { driver: 'ascii' },
  { driver: 'ascii', pattern: 'T=([-+]?\\d+(?:\\.\\d+)?)' },
];

/** Bytes that look like a device talking: random, header bytes, line ends, digits. */
const lineBytes = fc.uint8Array({ maxLength: 300 });
const likelyBytes = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x5a, 0x45, 0x04, 0xaa, 0x55, 0x06, 0x0a, 0x0d, 0x2e, 0x2d, 0x33, 0x36),
    ),
    { maxLength: 400 },
  )
  .map((bytes) => Uint8Array.from(bytes));
const anyBytes = fc.oneof(lineBytes, likelyBytes);

/** Cuts `bytes` at the given points (each taken modulo the length). */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

function pushAll(parser: ThermometerParser, chunks: Uint8Array[]): ThermometerFrame[] {
  return chunks.flatMap((chunk) => parser.push(chunk));
}

describe('thermometer parsers under any bytes', () => {
  it('never throw, keep less than a frame, and read the same whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allDrivers),
        anyBytes,
        fc.array(fc.nat(), { maxLength: 20 }),
        (options, bytes, cuts) => {
          const protocol = createThermometerProtocol(options);
          const whole = protocol.createParser();
          const expected = whole.push(bytes);
          const parser = protocol.createParser();
          const frames: ThermometerFrame[] = [];
          for (const chunk of chunked(bytes, cuts)) {
            frames.push(...parser.push(chunk));
            const limit = options.driver === 'ascii' ? ASCII_MAX_LINE_LENGTH : 10;
            expect(parser.pendingBytes()).toBeLessThanOrEqual(limit);
          }
          expect(frames).toEqual(expected);
          expect(parser.counters()).toEqual(whole.counters());
          for (const frame of frames) {
            expect(Number.isFinite(frame.objectCelsius)).toBe(true);
            if (frame.ambientCelsius !== null) {
              expect(Number.isFinite(frame.ambientCelsius)).toBe(true);
            }
          }
          const { framesOk, badFrames, garbageBytes } = parser.counters();
          expect(framesOk).toBe(frames.length);
          expect(Math.min(badFrames, garbageBytes)).toBeGreaterThanOrEqual(0);
        },
      ),
      fuzzParameters(500),
    );
  });

  it.each(binaryDrivers)(
    '$options.driver ($frameLength bytes): every byte is a frame, garbage or pending',
    ({ options, frameLength }) => {
      fc.assert(
        fc.property(anyBytes, fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
          const parser = createThermometerProtocol(options).createParser();
          pushAll(parser, chunked(bytes, cuts));
          const { framesOk, garbageBytes } = parser.counters();
          expect(framesOk * frameLength + garbageBytes + parser.pendingBytes()).toBe(bytes.length);
          parser.discardPending();
          expect(parser.pendingBytes()).toBe(0);
          expect(parser.counters().garbageBytes + framesOk * frameLength).toBe(bytes.length);
        }),
        fuzzParameters(300),
      );
    },
  );

  it.each(binaryDrivers)(
    '$options.driver: finds every real frame between noise that holds no sync byte',
    ({ options, sync }) => {
      const protocol = createThermometerProtocol(options);
      const noise = fc
        .uint8Array({ maxLength: 40 })
        .map((bytes) => bytes.map((byte) => (byte === sync ? byte ^ 0x01 : byte)));
      const reading = fc.integer({ min: 0, max: 2559 }).map((tenths) => tenths / 10);
      fc.assert(
        fc.property(
          fc.array(fc.tuple(noise, reading), { minLength: 1, maxLength: 12 }),
          noise,
          fc.array(fc.nat(), { maxLength: 30 }),
          (pieces, tail, cuts) => {
            const stream = Uint8Array.from(
              [
                ...pieces.flatMap(([before, celsius]) => [...before, ...protocol.encode(celsius)]),
              ].concat([...tail]),
            );
            const frames = pushAll(protocol.createParser(), chunked(stream, cuts));
            expect(frames.map((frame) => frame.objectCelsius)).toEqual(
              pieces.map(([, celsius]) => celsius),
            );
          },
        ),
        fuzzParameters(300),
      );
    },
  );

  it('ascii: every line with a number in it is read, in order, however the bytes arrive', () => {
    const protocol = createThermometerProtocol({ driver: 'ascii' });
    const noiseLine = fc
      .uint8Array({ maxLength: 60 })
      // No digits (they would be readings) and no line ends inside a noise line.
      .map((bytes) => bytes.filter((byte) => (byte < 0x30 || byte > 0x39) && byte !== 0x0a))
      .map((bytes) => bytes.filter((byte) => byte !== 0x0d));
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.tuple(noiseLine, ending).map(([bytes, end]) => ({ bytes, end, celsius: null })),
            fc
              .tuple(fc.integer({ min: -500, max: 1200 }), ending)
              .map(([tenths, end]) => ({ bytes: null, end, celsius: tenths / 10 })),
          ),
          { maxLength: 20 },
        ),
        fc.array(fc.nat(), { maxLength: 30 }),
        (lines, cuts) => {
          const encoder = new TextEncoder();
          const stream = Uint8Array.from(
            lines.flatMap((line) => [
              ...(line.bytes ?? encoder.encode(`T=${line.celsius?.toFixed(1)}`)),
              ...encoder.encode(line.end),
            ]),
          );
          const frames = pushAll(protocol.createParser(), chunked(stream, cuts));
          expect(frames.map((frame) => frame.objectCelsius)).toEqual(
            lines.flatMap((line) => (line.celsius === null ? [] : [line.celsius + 0])),
          );
        },
      ),
      fuzzParameters(300),
    );
  });
});

describe('the Modbus relay answer under any bytes', () => {
  const request = fc
    .tuple(fc.integer({ min: 1, max: 247 }), fc.integer({ min: 0, max: 0xffff }), fc.boolean())
    .map(([address, coil, on]) => modbusWriteCoil(address, coil, on));

  it('never throws and only says "echo" when the echo is there', () => {
    fc.assert(
      fc.property(request, fc.uint8Array({ maxLength: 300 }), (frame, received) => {
        const reply = findModbusReply(frame, received);
        expect(['echo', 'exception', 'none']).toContain(reply.kind);
        const text = Buffer.from(received).toString('hex');
        if (reply.kind === 'echo') {
          expect(text).toContain(Buffer.from(frame).toString('hex'));
        }
        if (reply.kind === 'exception') {
          expect(reply.code).toBeGreaterThanOrEqual(0);
          expect(reply.code).toBeLessThanOrEqual(255);
        }
      }),
      fuzzParameters(500),
    );
  });

  it('finds the echo or the exception after noise without the relay address', () => {
    fc.assert(
      fc.property(
        request,
        fc.uint8Array({ maxLength: 60 }),
        fc.uint8Array({ maxLength: 20 }),
        fc.option(fc.integer({ min: 1, max: 255 }), { nil: null }),
        (frame, before, after, exceptionCode) => {
          const address = frame[0] ?? 0;
          const noise = before.map((byte) => (byte === address ? byte ^ 0x80 : byte));
          const answer =
            exceptionCode === null ? frame : modbusExceptionReply(frame, exceptionCode);
          const received = Uint8Array.from([...noise, ...answer, ...after]);
          expect(findModbusReply(frame, received)).toEqual(
            exceptionCode === null ? { kind: 'echo' } : { kind: 'exception', code: exceptionCode },
          );
          // Any one byte of the answer changed: never an echo (the CRC catches it).
          const spoiled = Uint8Array.from(answer);
          const index = (before.length + after.length) % spoiled.length;
          spoiled[index] = (spoiled[index] ?? 0) ^ (1 + (after.length % 255));
          expect(findModbusReply(frame, Uint8Array.from([...noise, ...spoiled]))).not.toEqual({
            kind: 'echo',
          });
        },
      ),
      fuzzParameters(500),
    );
  });

  it('computes the CRC of any bytes as a 16-bit number', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const crc = crc16Modbus(bytes);
        expect(Number.isInteger(crc) && crc >= 0 && crc <= 0xffff).toBe(true);
      }),
      fuzzParameters(300),
    );
  });
});
