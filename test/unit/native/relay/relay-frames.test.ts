// Relay command frames against the documented bytes and known CRC-16/MODBUS vectors, and the
// check of a Modbus relay's reply. A wrong byte here opens no turnstile, or the wrong one.

import { describe, expect, it } from 'vitest';
import {
  crc16Modbus,
  describeModbusException,
  findModbusReply,
  isModbusEcho,
  lcus1Command,
  modbusExceptionReply,
  modbusWriteCoil,
} from '../../../../native/relay/relay-frames';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'ascii'));

describe('lcus1Command', () => {
  it('is the documented bytes for channel 1', () => {
    expect([...lcus1Command(1, true)]).toEqual([0xa0, 0x01, 0x01, 0xa2]);
    expect([...lcus1Command(1, false)]).toEqual([0xa0, 0x01, 0x00, 0xa1]);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('sums channel %i correctly', (channel) => {
    expect([...lcus1Command(channel, true)]).toEqual([0xa0, channel, 0x01, 0xa1 + channel]);
    expect([...lcus1Command(channel, false)]).toEqual([0xa0, channel, 0x00, 0xa0 + channel]);
  });

  it.each([0, 9, -1, 1.5, Number.NaN, 256])('refuses channel %s', (channel) => {
    expect(() => lcus1Command(channel, true)).toThrow(RangeError);
  });

  it('says in words which setting is wrong', () => {
    expect(() => lcus1Command(9, true)).toThrow(
      'LCUS-1 relay channel must be a whole number from 1 to 8, not 9',
    );
  });
});

describe('crc16Modbus', () => {
  it.each([
    { name: 'ASCII 123456789', input: ascii('123456789'), crc: 0x4b37 },
    { name: 'nothing', input: new Uint8Array(0), crc: 0xffff },
    // Read 10 holding registers from device 1: `01 03 00 00 00 0A C5 CD`.
    {
      name: '01 03 00 00 00 0A',
      input: Uint8Array.of(0x01, 0x03, 0x00, 0x00, 0x00, 0x0a),
      crc: 0xcdc5,
    },
    // A widely quoted example: read 3 registers from 0x006B on device 0x11 (CRC bytes 76 87).
    {
      name: '11 03 00 6B 00 03',
      input: Uint8Array.of(0x11, 0x03, 0x00, 0x6b, 0x00, 0x03),
      crc: 0x8776,
    },
  ])('is right for $name', ({ input, crc }) => {
    expect(crc16Modbus(input)).toBe(crc);
  });
});

describe('modbusWriteCoil', () => {
  it('is the documented bytes for coil 0 of device 1', () => {
    expect(hex(modbusWriteCoil(1, 0, true))).toBe('01050000ff008c3a');
    expect(hex(modbusWriteCoil(1, 0, false))).toBe('010500000000cdca');
  });

  it('puts the coil number high byte first and the CRC low byte first', () => {
    const frame = modbusWriteCoil(247, 0x1234, true);
    expect([...frame.subarray(0, 6)]).toEqual([0xf7, 0x05, 0x12, 0x34, 0xff, 0x00]);
    const crc = crc16Modbus(frame.subarray(0, 6));
    expect([frame[6], frame[7]]).toEqual([crc & 0xff, crc >>> 8]);
    // A whole frame with its CRC appended checks to zero.
    expect(crc16Modbus(frame)).toBe(0);
  });

  it('takes the full coil range', () => {
    expect(hex(modbusWriteCoil(1, 65535, false)).slice(0, 8)).toBe('0105ffff');
  });

  it.each([
    { address: 0, coil: 0 },
    { address: 248, coil: 0 },
    { address: 1.5, coil: 0 },
    { address: 1, coil: -1 },
    { address: 1, coil: 65536 },
    { address: 1, coil: Number.NaN },
  ])('refuses address $address coil $coil', ({ address, coil }) => {
    expect(() => modbusWriteCoil(address, coil, true)).toThrow(RangeError);
  });
});

describe('isModbusEcho', () => {
  const request = modbusWriteCoil(1, 0, true);

  it('accepts the request echoed back', () => {
    expect(isModbusEcho(request, Uint8Array.from(request))).toBe(true);
  });

  it('refuses a different, short, long or other-state reply', () => {
    expect(isModbusEcho(request, modbusWriteCoil(1, 0, false))).toBe(false);
    expect(isModbusEcho(request, modbusWriteCoil(2, 0, true))).toBe(false);
    expect(isModbusEcho(request, request.subarray(0, 7))).toBe(false);
    expect(isModbusEcho(request, Uint8Array.of(...request, 0))).toBe(false);
    expect(isModbusEcho(request, new Uint8Array(0))).toBe(false);
  });

  it('refuses a reply with one byte flipped', () => {
    for (let index = 0; index < request.length; index += 1) {
      const reply = Uint8Array.from(request);
      reply[index] = (reply[index] ?? 0) ^ 0x01;
      expect(isModbusEcho(request, reply)).toBe(false);
    }
  });

  it('refuses a request that is not a write-coil frame', () => {
    const short = Uint8Array.of(0x01, 0x05);
    expect(isModbusEcho(short, short)).toBe(false);
  });
});

describe('findModbusReply', () => {
  const request = modbusWriteCoil(3, 7, false);

  it('finds the echo, also after stray bytes', () => {
    expect(findModbusReply(request, request)).toEqual({ kind: 'echo' });
    expect(findModbusReply(request, Uint8Array.of(0x00, 0xff, ...request))).toEqual({
      kind: 'echo',
    });
  });

  it('finds an exception reply for the same device', () => {
    const reply = modbusExceptionReply(request, 2);
    expect([...reply.subarray(0, 3)]).toEqual([0x03, 0x85, 0x02]);
    expect(crc16Modbus(reply)).toBe(0);
    expect(findModbusReply(request, reply)).toEqual({ kind: 'exception', code: 2 });
  });

  it('finds nothing in part of a frame, noise, or another device', () => {
    expect(findModbusReply(request, new Uint8Array(0))).toEqual({ kind: 'none' });
    expect(findModbusReply(request, request.subarray(0, 7))).toEqual({ kind: 'none' });
    expect(findModbusReply(request, Uint8Array.of(0x55, 0xaa, 0x03, 0x85))).toEqual({
      kind: 'none',
    });
    const otherDevice = modbusExceptionReply(modbusWriteCoil(4, 7, false), 2);
    expect(findModbusReply(request, otherDevice)).toEqual({ kind: 'none' });
    const badCrc = modbusExceptionReply(request, 2);
    badCrc[4] = (badCrc[4] ?? 0) ^ 0xff;
    expect(findModbusReply(request, badCrc)).toEqual({ kind: 'none' });
  });
});

describe('describeModbusException', () => {
  it('gives words for the common codes and the number for the rest', () => {
    expect(describeModbusException(2)).toMatch(/coil number/);
    expect(describeModbusException(0x0b)).toBe('exception code 11');
  });
});
