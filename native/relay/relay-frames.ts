// Command frames for the two turnstile relays the kiosk can drive, and the check of a Modbus
// relay's reply. Pure: no ports, no clocks. Builders throw RangeError on values the relay
// cannot take, so a bad setting is caught when the relay is set up rather than at the gate.

/** First byte of every LCUS-1 command. */
const LCUS1_START = 0xa0;
/** Modbus function 05: write single coil. */
const WRITE_SINGLE_COIL = 0x05;
/** A Modbus device answers a function it cannot carry out with the function code | 0x80. */
const EXCEPTION_FLAG = 0x80;
/** Address, function, coil (2), value (2), CRC (2). */
export const MODBUS_WRITE_COIL_LENGTH = 8;
/** Address, function | 0x80, exception code, CRC (2). */
const MODBUS_EXCEPTION_LENGTH = 5;

function checkInteger(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be a whole number from ${min} to ${max}, not ${value}`);
  }
}

/**
 * LCUS-1 style USB relay (CH340 and a small MCU): `A0 <channel> <state> <sum>`, where sum is
 * the low byte of the first three. Boards with up to eight relays share the format.
 */
export function lcus1Command(channel: number, on: boolean): Uint8Array {
  checkInteger(channel, 1, 8, 'LCUS-1 relay channel');
  const state = on ? 0x01 : 0x00;
  return Uint8Array.of(LCUS1_START, channel, state, (LCUS1_START + channel + state) & 0xff);
}

/** CRC-16/MODBUS: reflected polynomial 0xA001, initial value 0xFFFF, no final XOR. */
export function crc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    }
  }
  return crc;
}

/** Whether the last two bytes of `frame` are the CRC of the rest, low byte first. */
function hasGoodCrc(frame: Uint8Array): boolean {
  if (frame.length < 3) return false;
  const crc = crc16Modbus(frame.subarray(0, frame.length - 2));
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8;
}

/**
 * Modbus RTU "write single coil": `addr 05 coilHi coilLo FF00|0000 crcLo crcHi`.
 * Address 0 (broadcast) is refused: a broadcast is never answered, so a pulse could not be
 * confirmed.
 */
export function modbusWriteCoil(address: number, coil: number, on: boolean): Uint8Array {
  checkInteger(address, 1, 247, 'Modbus relay address');
  checkInteger(coil, 0, 0xffff, 'Modbus coil number');
  const frame = Uint8Array.of(
    address,
    WRITE_SINGLE_COIL,
    coil >>> 8,
    coil & 0xff,
    on ? 0xff : 0x00,
    0x00,
    0,
    0,
  );
  const crc = crc16Modbus(frame.subarray(0, 6));
  frame[6] = crc & 0xff;
  frame[7] = crc >>> 8;
  return frame;
}

/** A correct reply to "write single coil" is the request itself, byte for byte. */
export function isModbusEcho(request: Uint8Array, reply: Uint8Array): boolean {
  return (
    request.length === MODBUS_WRITE_COIL_LENGTH &&
    reply.length === request.length &&
    reply.every((byte, index) => byte === request[index]) &&
    hasGoodCrc(reply)
  );
}

export type ModbusReply =
  | { kind: 'echo' }
  | { kind: 'exception'; code: number }
  /** Nothing usable yet: no bytes, part of a frame, or noise. */
  | { kind: 'none' };

/**
 * Look for the relay's answer to `request` in everything received since it was sent. Bytes
 * before the answer are skipped: an RS-485 line often picks up a stray byte when the bus turns
 * round.
 */
export function findModbusReply(request: Uint8Array, received: Uint8Array): ModbusReply {
  const address = request[0];
  const failed = (request[1] ?? 0) | EXCEPTION_FLAG;
  for (let start = 0; start < received.length; start += 1) {
    const echo = received.subarray(start, start + MODBUS_WRITE_COIL_LENGTH);
    if (isModbusEcho(request, echo)) return { kind: 'echo' };
    const exception = received.subarray(start, start + MODBUS_EXCEPTION_LENGTH);
    if (
      exception.length === MODBUS_EXCEPTION_LENGTH &&
      exception[0] === address &&
      exception[1] === failed &&
      hasGoodCrc(exception)
    ) {
      return { kind: 'exception', code: exception[2] ?? 0 };
    }
  }
  return { kind: 'none' };
}

/** The exception reply a relay sends when it refuses `request`, as the device would send it. */
export function modbusExceptionReply(request: Uint8Array, code: number): Uint8Array {
  checkInteger(code, 1, 0xff, 'Modbus exception code');
  const frame = Uint8Array.of(request[0] ?? 0, (request[1] ?? 0) | EXCEPTION_FLAG, code, 0, 0);
  const crc = crc16Modbus(frame.subarray(0, 3));
  frame[3] = crc & 0xff;
  frame[4] = crc >>> 8;
  return frame;
}

/** What a Modbus exception code means for someone standing at the gate. */
export function describeModbusException(code: number): string {
  switch (code) {
    case 1:
      return 'it cannot switch coils';
    case 2:
      return 'it has no such coil (check the coil number)';
    case 3:
      return 'it refused the value';
    case 4:
      return 'it reported a fault';
    default:
      return `exception code ${code}`;
  }
}
